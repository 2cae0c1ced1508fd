namespace Mosn.Protocols.Http1;

/// <summary>Maps <see cref="Http1DecodeError"/> to HTTP status codes.</summary>
public static class Http1DecodeErrorExtensions
{
    /// <summary>The status code a server answers a request rejected for <paramref name="error"/> with.</summary>
    public static int ToStatusCode(this Http1DecodeError error) => error switch
    {
        Http1DecodeError.StartLineTooLong => 414,
        Http1DecodeError.HeadersTooLarge or Http1DecodeError.TooManyHeaders => 431,
        Http1DecodeError.UnsupportedVersion => 505,
        Http1DecodeError.UnsupportedTransferCoding or Http1DecodeError.MethodNotImplemented => 501,
        Http1DecodeError.BodyTooLarge => 413,
        Http1DecodeError.RequestHeadersTimeout => 408,
        _ => 400,
    };
}
