namespace Mosn.Protocols.Http1.Codec;

/// <summary>Outcome of <see cref="LineReader"/>.</summary>
internal enum LineStatus
{
    /// <summary>A complete CRLF-terminated line was found.</summary>
    Ok,
    /// <summary>No line end yet, and still within the limit.</summary>
    NeedMore,
    /// <summary>No line end within the limit.</summary>
    TooLong,
    /// <summary>The line ended with LF alone (RFC 9112 §2.2: rejected, a smuggling vector).</summary>
    BareLineFeed,
}
