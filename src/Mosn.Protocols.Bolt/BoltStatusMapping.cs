namespace Mosn.Protocols.Bolt;

/// <summary>MOSN's mappings between Bolt response statuses and HTTP statuses (<c>bolt/mapping.go</c>, <c>bolt/protocol.go</c>).</summary>
public static class BoltStatusMapping
{
    /// <summary>The HTTP status of a Bolt response status: Success 200, ServerThreadpoolBusy 503, Timeout 504, ConnectionClosed 502, any other 500.</summary>
    public static int ToHttp(BoltResponseStatus status) => status switch
    {
        BoltResponseStatus.Success => 200,
        BoltResponseStatus.ServerThreadpoolBusy => 503,
        BoltResponseStatus.Timeout => 504,
        BoltResponseStatus.ConnectionClosed => 502,
        _ => 500,
    };

    /// <summary>
    /// The Bolt status of an error response the proxy makes (hijack) for an HTTP-style status: 200 Success, 404 and 502
    /// NoProcessor, 503 ServerThreadpoolBusy, 504 Timeout, 403 ServerException, 0 CodecException, 3
    /// ServerDeserialException, any other Unknown.
    /// </summary>
    public static BoltResponseStatus FromHttp(int httpStatus) => httpStatus switch
    {
        200 => BoltResponseStatus.Success,
        404 or 502 => BoltResponseStatus.NoProcessor,
        503 => BoltResponseStatus.ServerThreadpoolBusy,
        504 => BoltResponseStatus.Timeout,
        403 => BoltResponseStatus.ServerException,
        0 => BoltResponseStatus.CodecException,
        3 => BoltResponseStatus.ServerDeserialException,
        _ => BoltResponseStatus.Unknown,
    };
}
