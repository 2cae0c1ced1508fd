namespace Mosn.Protocols.Http2.HPack;

/// <summary>
/// Receives the header fields of a block from <see cref="HPackDecoder"/>. Used as a constrained generic type
/// parameter (a struct or ref struct handler is never boxed).
/// </summary>
internal interface IHeaderBlockHandler
{
    /// <summary>
    /// Called once per decoded field, in block order, on the thread that called <c>Decode</c>.
    /// </summary>
    /// <param name="name">The field name. Valid only during this call: it points into the input, a scratch buffer or
    /// the dynamic table, all of which are reused. Copy what must outlive the call.</param>
    /// <param name="value">The field value; same lifetime as <paramref name="name"/>.</param>
    /// <param name="flags">Never-indexed and pseudo-header markers.</param>
    /// <remarks>HPACK does not validate names or values (case, characters, pseudo-header order): that is
    /// HTTP/2 message validation (RFC 9113 §8.2), done by the caller.</remarks>
    void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HeaderFieldFlags flags);
}
