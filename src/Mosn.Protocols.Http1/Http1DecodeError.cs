namespace Mosn.Protocols.Http1;

/// <summary>
/// Why an HTTP/1 message was rejected by the decoder. Each kind maps to the status code sent to a client
/// (<see cref="Http1DecodeErrorExtensions.ToStatusCode"/>) and has its own counter in <see cref="Http1Stats"/>.
/// </summary>
public enum Http1DecodeError
{
    /// <summary>No error.</summary>
    None,
    /// <summary>The request or status line is longer than <c>MaxRequestLineSize</c> (414).</summary>
    StartLineTooLong,
    /// <summary>The header section is larger than <c>MaxHeaderSize</c> (431).</summary>
    HeadersTooLarge,
    /// <summary>More header fields than <c>MaxHeaderCount</c> (431).</summary>
    TooManyHeaders,
    /// <summary>Malformed request or status line: missing or extra spaces, bad version syntax (400).</summary>
    InvalidStartLine,
    /// <summary>The method is not a token (400).</summary>
    InvalidMethod,
    /// <summary>The request target is not origin-form, absolute-form or <c>*</c> for OPTIONS, or holds invalid bytes (400).</summary>
    InvalidTarget,
    /// <summary>An HTTP version other than 1.0 and 1.1 (505).</summary>
    UnsupportedVersion,
    /// <summary>A line ended with LF alone instead of CRLF (400).</summary>
    BareLineFeed,
    /// <summary>A header line started with whitespace (obsolete line folding, RFC 9112 §5.2) (400).</summary>
    ObsFold,
    /// <summary>A header name is empty, missing its colon or holds non-token bytes (400).</summary>
    InvalidHeaderName,
    /// <summary>Whitespace between a header name and its colon (RFC 9112 §5.1) (400).</summary>
    WhitespaceBeforeColon,
    /// <summary>A header value holds CR, LF, NUL or another control byte (400).</summary>
    InvalidHeaderValue,
    /// <summary>Both Content-Length and Transfer-Encoding (request smuggling, RFC 9112 §6.3) (400).</summary>
    ContentLengthWithTransferEncoding,
    /// <summary>A Content-Length that is not all digits, overflows, or differs between values (400).</summary>
    InvalidContentLength,
    /// <summary>Transfer-Encoding whose final coding is not chunked, chunked twice, empty, or sent in HTTP/1.0 (400).</summary>
    InvalidTransferEncoding,
    /// <summary>A transfer coding other than chunked (501).</summary>
    UnsupportedTransferCoding,
    /// <summary>An HTTP/1.1 request without Host (400).</summary>
    MissingHost,
    /// <summary>More than one Host header (400).</summary>
    MultipleHost,
    /// <summary>A Host value that is not a valid authority (400).</summary>
    InvalidHost,
    /// <summary>A method the proxy does not implement (CONNECT) (501).</summary>
    MethodNotImplemented,
    /// <summary>A malformed chunk: bad size, too long a size line, missing CRLF (400).</summary>
    InvalidChunk,
    /// <summary>The request body exceeds <c>MaxRequestBodySize</c> (413).</summary>
    BodyTooLarge,
    /// <summary>A response status code outside 100–999 or not three digits.</summary>
    InvalidStatus,
    /// <summary>A 101 Switching Protocols response (upgrades are not supported yet).</summary>
    UnsupportedUpgrade,
    /// <summary>The request head did not arrive completely within <c>RequestHeadersTimeout</c> of its first byte (408).</summary>
    RequestHeadersTimeout,
    /// <summary>Bytes from the upstream while no request was outstanding.</summary>
    UnexpectedData,
}
