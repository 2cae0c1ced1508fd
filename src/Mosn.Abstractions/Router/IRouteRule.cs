using Mosn.Abstractions.Config;
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

    /// <summary>
    /// The subset-LB metadata for a request sent to <paramref name="clusterName"/> (what <see cref="SelectCluster"/>
    /// returned): with weighted clusters, the route's criteria overlaid with that cluster's own; otherwise
    /// <see cref="MetadataMatch"/>. Null when there are none. Thread-safe; does not allocate.
    /// </summary>
    IReadOnlyDictionary<string, string>? GetMetadataMatch(string clusterName) => MetadataMatch;

    /// <summary>
    /// The route's <c>hash_policy</c> entries, in order (the first that yields a key wins), for the consistent-hashing
    /// balancers; empty when none is configured (the proxy then hashes the source IP, as MOSN does). Immutable.
    /// </summary>
    IReadOnlyList<HashPolicyConfig> HashPolicy => [];

    /// <summary>Applies route, virtual host and router header additions/removals and the path/host rewrites to a request about to go upstream.</summary>
    void FinalizeRequestHeaders(IHeaderMap requestHeaders);

    /// <summary>Applies response header additions/removals.</summary>
    void FinalizeResponseHeaders(IHeaderMap responseHeaders);
}
