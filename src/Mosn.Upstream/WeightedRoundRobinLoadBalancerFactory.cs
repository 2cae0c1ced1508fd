using Mosn.Abstractions.Upstream;
using Mosn.Upstream.LoadBalancing;

namespace Mosn.Upstream;

/// <summary>
/// Creates <c>LB_WEIGHTED_ROUNDROBIN</c> balancers: the same smooth weighted round robin as <c>LB_ROUNDROBIN</c> (each
/// host gets a share of picks proportional to its weight, its turns spread evenly over the cycle; MOSN uses an EDF
/// scheduler for the same effect, and falls back to plain round robin with equal weights, as this does). With the
/// cluster's <c>slow_start</c>, hosts that joined or returned to health lately get a share that grows to their full
/// weight over the window (EDF scheduling while any host warms up).
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
public sealed class WeightedRoundRobinLoadBalancerFactory : ILoadBalancerFactory
{
    /// <inheritdoc />
    public string Name => LoadBalancerTypes.WeightedRoundRobin;

    /// <inheritdoc />
    public ILoadBalancer Create(IHostSet hostSet, IClusterInfo cluster)
    {
        ArgumentNullException.ThrowIfNull(hostSet);
        IHost[] hosts = [.. hostSet.HealthyHosts];
        return new RoundRobinLoadBalancer(hosts, Random.Shared.Next(), SlowStartWeights.For(hosts, cluster));
    }
}
