using Mosn.Abstractions.Upstream;
using Mosn.Upstream.LoadBalancing;

namespace Mosn.Upstream;

/// <summary>
/// Creates <c>LB_REQUEST_ROUNDROBIN</c> balancers, with MOSN's meaning: every request starts at the first healthy host
/// of the list and each retry moves to the next one (an ordered fail-over, not a rotation across requests).
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
public sealed class RequestRoundRobinLoadBalancerFactory : ILoadBalancerFactory
{
    /// <inheritdoc />
    public string Name => LoadBalancerTypes.RequestRoundRobin;

    /// <inheritdoc />
    public ILoadBalancer Create(IHostSet hostSet, IClusterInfo cluster)
    {
        ArgumentNullException.ThrowIfNull(hostSet);
        return new RequestRoundRobinLoadBalancer(hostSet.HealthyHosts);
    }
}
