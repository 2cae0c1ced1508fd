namespace Mosn.Abstractions.Protocol;

/// <summary>Protocol-independent names used in <see cref="IHeaderMap"/> for request and response metadata.</summary>
public static class PseudoHeaders
{
    /// <summary>Request method.</summary>
    public const string Method = ":method";
    /// <summary>Request target: path and query.</summary>
    public const string Path = ":path";
    /// <summary>Target authority (HTTP/1 Host header).</summary>
    public const string Authority = ":authority";
    /// <summary>Scheme (http or https).</summary>
    public const string Scheme = ":scheme";
    /// <summary>Response status code.</summary>
    public const string Status = ":status";
    /// <summary>
    /// The request's own deadline in milliseconds, set by protocols whose frames carry one (Bolt's timeout field, Dubbo's
    /// timeout attachment). The proxy uses it as the request timeout instead of the route's, from the moment the route is
    /// known. Absent, empty or not a positive integer: the route timeout applies.
    /// </summary>
    public const string RequestTimeout = ":request-timeout";

    /// <summary>The HTTP version of a message as received ("HTTP/1.0", "HTTP/1.1").</summary>
    public const string Protocol = ":protocol-version";
}
