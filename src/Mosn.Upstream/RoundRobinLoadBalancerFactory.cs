using Mosn.Abstractions.Upstream;
using Mosn.Upstream.LoadBalancing;

namespace Mosn.Upstream;

/// <summary>
/// Creates <c>LB_ROUNDROBIN</c> balancers: healthy hosts in turn; when weights differ, a smooth weighted round robin
/// in which each host gets a share of picks proportional to its weight, spread evenly over the cycle.
/// </summary>
/// <remarks>
/// MOSN's <c>LB_ROUNDROBIN</c> ignores host weights (its <c>LB_WEIGHTED_ROUNDROBIN</c> uses them); ours honours them,
/// and with equal weights it is the plain round robin MOSN does. Each balancer starts at a random position so that
/// proxies rebuilding a cluster at the same moment do not all send their next request to the first host.
/// Stateless; thread-safe.
/// </remarks>
public sealed class RoundRobinLoadBalancerFactory : ILoadBalancerFactory
{
    /// <inheritdoc />
    public string Name => LoadBalancerTypes.RoundRobin;

    /// <inheritdoc />
    public ILoadBalancer Create(IHostSet hostSet, IClusterInfo cluster)
    {
        ArgumentNullException.ThrowIfNull(hostSet);
        return new RoundRobinLoadBalancer(hostSet.HealthyHosts);
    }
}
