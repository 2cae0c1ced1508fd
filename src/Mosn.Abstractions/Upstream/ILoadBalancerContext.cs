using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;

namespace Mosn.Abstractions.Upstream;

/// <summary>
/// What a load balancer may use to pick a host for one request. Implemented by the proxy's downstream stream and by
/// <c>tcp_proxy</c>'s session; read on the thread that asks the balancer, while the request is being routed.
/// </summary>
public interface ILoadBalancerContext
{
    /// <summary>The request headers, if any (for RPC protocols: the request's header map, service and method included).</summary>
    IHeaderMap? DownstreamHeaders { get; }

    /// <summary>The downstream connection, if any.</summary>
    IConnection? DownstreamConnection { get; }

    /// <summary>
    /// Route metadata (<c>metadata_match</c>, MOSN's <c>filter_metadata</c> / <c>mosn.lb</c>) that selects a subset of
    /// hosts by their metadata in a cluster with <c>lb_subset_config</c>; null or empty: no criteria (the subset
    /// balancer's fallback policy applies).
    /// </summary>
    IReadOnlyDictionary<string, string>? MetadataMatch { get; }

    /// <summary>
    /// The request's key for consistent hashing (<c>LB_MAGLEV</c>, <c>LB_RING_HASH</c>), computed from the route's
    /// <c>hash_policy</c> (a header, a cookie or the source IP) with a stable hash that is the same in every process;
    /// null when the policy yields no key (header or cookie absent): the hashing balancers then pick at random.
    /// Other balancers ignore it (so an implementation should compute it lazily, and cache it if it is not cheap); a
    /// balancer reads it at most once per <see cref="ILoadBalancer.Candidates"/> call. The default is null.
    /// </summary>
    ulong? HashKey => null;

    /// <summary>True if <paramref name="host"/> should be avoided (e.g. it failed an earlier try of this request).</summary>
    bool ShouldSelectAnotherHost(IHost host);
}
