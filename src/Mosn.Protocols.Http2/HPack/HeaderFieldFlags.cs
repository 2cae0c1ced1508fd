namespace Mosn.Protocols.Http2.HPack;

/// <summary>Facts about a decoded header field that its bytes alone do not carry.</summary>
[Flags]
internal enum HeaderFieldFlags
{
    /// <summary>A regular field.</summary>
    None = 0,

    /// <summary>
    /// The field arrived as a literal never indexed (RFC 7541 §6.2.3). An intermediary must re-encode it the same way
    /// when it forwards it (§7.1.3), so the flag has to travel with the header.
    /// </summary>
    NeverIndexed = 1,

    /// <summary>The name starts with ':' (an HTTP/2 pseudo-header field, RFC 9113 §8.3).</summary>
    PseudoHeader = 2,
}
