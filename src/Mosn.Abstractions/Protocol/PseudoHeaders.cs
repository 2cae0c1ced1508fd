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
    /// <summary>The HTTP version of a message as received ("HTTP/1.0", "HTTP/1.1").</summary>
    public const string Protocol = ":protocol-version";
}
