namespace Mosn.Protocols.Http1.Codec;

/// <summary>What the framing and connection-management fields of a head say (see <see cref="Http1HeadDecoder"/>).</summary>
internal struct FieldSummary
{
    /// <summary>Number of Host fields.</summary>
    public int HostCount;
    /// <summary>The (first) Host value.</summary>
    public string? Host;
    /// <summary>At least one Content-Length field.</summary>
    public bool HasContentLength;
    /// <summary>The agreed Content-Length value.</summary>
    public long ContentLength;
    /// <summary>At least one Transfer-Encoding field.</summary>
    public bool HasTransferEncoding;
    /// <summary>Why the transfer codings are unacceptable, or <see cref="Http1DecodeError.None"/> when they end in a single chunked.</summary>
    public Http1DecodeError TransferEncodingError;
    /// <summary>Connection lists <c>close</c>.</summary>
    public bool ConnectionClose;
    /// <summary>Connection lists <c>keep-alive</c>.</summary>
    public bool ConnectionKeepAlive;
    /// <summary>
    /// Connection lists an option other than <c>keep-alive</c>, which may name a field to drop (the field
    /// <c>keep-alive</c> is hop-by-hop anyway).
    /// </summary>
    public bool ConnectionNominates;
    /// <summary>Expect is <c>100-continue</c>.</summary>
    public bool ExpectContinue;
}
