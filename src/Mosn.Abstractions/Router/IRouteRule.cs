using Mosn.Abstractions.Protocol;

namespace Mosn.Abstractions.Router;

/// <summary>The forwarding action of a route. Immutable; thread-safe.</summary>
public interface IRouteRule
{
    /// <summary>The cluster for this request: the configured one, or one picked by weight among weighted clusters.</summary>
    string SelectCluster(IHeaderMap requestHeaders);

    /// <summary>The route's global timeout (null: the proxy default).</summary>
    TimeSpan? Timeout { get; }

    /// <summary>The retry policy (null: no retries).</summary>
    RetryPolicy? RetryPolicy { get; }

    /// <summary>Upstream protocol override (null: the listener's).</summary>
    string? UpstreamProtocol { get; }

    /// <summary>Subset-LB metadata to match (null: none).</summary>
    IReadOnlyDictionary<string, string>? MetadataMatch { get; }

    /// <summary>Applies route, virtual host and router header additions/removals and the path/host rewrites to a request about to go upstream.</summary>
    void FinalizeRequestHeaders(IHeaderMap requestHeaders);

    /// <summary>Applies response header additions/removals.</summary>
    void FinalizeResponseHeaders(IHeaderMap responseHeaders);
}
