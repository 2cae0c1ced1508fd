namespace Mosn.Protocols.Http2.Messages;

/// <summary>What a decoded field block is, which decides the pseudo-header fields it may carry (RFC 9113 §8.3).</summary>
internal enum HeaderBlockKind
{
    /// <summary>Request headers: <c>:method</c>, <c>:scheme</c>, <c>:authority</c>, <c>:path</c>.</summary>
    Request,
    /// <summary>Response headers: <c>:status</c> only.</summary>
    Response,
    /// <summary>Trailers: no pseudo-header fields at all.</summary>
    Trailers,
}
