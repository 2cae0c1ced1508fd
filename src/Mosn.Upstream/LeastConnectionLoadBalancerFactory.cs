using Mosn.Abstractions.Upstream;
using Mosn.Upstream.LoadBalancing;

namespace Mosn.Upstream;

/// <summary>
/// Creates <c>LB_LEAST_CONNECTION</c> balancers: power of two choices on a host's open upstream connections
/// (<see cref="HostStats.ActiveConnections"/>) with equal weights; smooth weighted round robin over
/// <c>weight / (connections + 1)</c> otherwise.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
public sealed class LeastConnectionLoadBalancerFactory : ILoadBalancerFactory
{
    /// <inheritdoc />
    public string Name => LoadBalancerTypes.LeastConnection;

    /// <inheritdoc />
    public ILoadBalancer Create(IHostSet hostSet, IClusterInfo cluster)
    {
        ArgumentNullException.ThrowIfNull(hostSet);
        return new LeastRequestLoadBalancer(hostSet.HealthyHosts, byConnections: true);
    }
}
