namespace Mosn.Protocols.Http1.Codec;

/// <summary>How a message body is delimited (RFC 9112 §6.3).</summary>
internal enum BodyKind
{
    /// <summary>No body.</summary>
    None,
    /// <summary>Exactly Content-Length bytes.</summary>
    ContentLength,
    /// <summary>The chunked transfer coding.</summary>
    Chunked,
    /// <summary>Everything until the peer closes (responses only).</summary>
    UntilClose,
}
