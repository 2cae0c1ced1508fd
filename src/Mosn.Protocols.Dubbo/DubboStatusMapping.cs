namespace Mosn.Protocols.Dubbo;

/// <summary>MOSN's mappings between Dubbo response statuses and HTTP statuses (<c>dubbo/mapping.go</c>, <c>dubbo/protocol.go</c>).</summary>
public static class DubboStatusMapping
{
    /// <summary>
    /// The HTTP status of a Dubbo response status: OK 200, CLIENT_TIMEOUT and SERVER_TIMEOUT 504, SERVICE_NOT_FOUND 404,
    /// SERVER_THREADPOOL_EXHAUSTED 503, BAD_REQUEST 400, any other 500.
    /// </summary>
    public static int ToHttp(DubboStatus status) => status switch
    {
        DubboStatus.Ok => 200,
        DubboStatus.ClientTimeout or DubboStatus.ServerTimeout => 504,
        DubboStatus.ServiceNotFound => 404,
        DubboStatus.ServerThreadpoolExhausted => 503,
        DubboStatus.BadRequest => 400,
        _ => 500,
    };

    /// <summary>
    /// The Dubbo status of an error response the proxy makes (hijack) for an HTTP-style status, as MOSN maps it: 200 OK,
    /// 404 and 502 SERVICE_NOT_FOUND, 503 and 509 BAD_REQUEST, 504 CLIENT_TIMEOUT, 403 SERVER_ERROR, any other SERVICE_ERROR.
    /// </summary>
    public static DubboStatus FromHttp(int httpStatus) => httpStatus switch
    {
        200 => DubboStatus.Ok,
        404 or 502 => DubboStatus.ServiceNotFound,
        503 or 509 => DubboStatus.BadRequest,
        504 => DubboStatus.ClientTimeout,
        403 => DubboStatus.ServerError,
        _ => DubboStatus.ServiceError,
    };
}
