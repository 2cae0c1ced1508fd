using Mosn.Abstractions.Upstream;
using Mosn.Upstream.LoadBalancing;

namespace Mosn.Upstream;

/// <summary>Builds <c>LB_LEAST_REQUEST</c> balancers: power of two choices on active requests, weight-aware.</summary>
public sealed class LeastRequestLoadBalancerFactory : ILoadBalancerFactory
{
    /// <inheritdoc />
    public string Name => LoadBalancerTypes.LeastRequest;

    /// <inheritdoc />
    public ILoadBalancer Create(IHostSet hostSet, IClusterInfo cluster)
    {
        ArgumentNullException.ThrowIfNull(hostSet);
        return new LeastRequestLoadBalancer(hostSet.HealthyHosts);
    }
}
