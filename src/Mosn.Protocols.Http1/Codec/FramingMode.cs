namespace Mosn.Protocols.Http1.Codec;

/// <summary>How an outgoing message body is framed (see <see cref="Http1BodyEncoder"/>).</summary>
internal enum FramingMode
{
    /// <summary>No body may be written (HEAD, 204, 304, or a request ended with its headers).</summary>
    NoBody,
    /// <summary>Content-Length framing.</summary>
    ContentLength,
    /// <summary>Chunked transfer coding.</summary>
    Chunked,
    /// <summary>Delimited by closing the connection (responses to HTTP/1.0 clients without a length).</summary>
    UntilClose,
}
