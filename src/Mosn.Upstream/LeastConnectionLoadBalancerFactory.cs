using Mosn.Abstractions.Upstream;
using Mosn.Upstream.Clusters;
using Mosn.Upstream.LoadBalancing;

namespace Mosn.Upstream;

/// <summary>
/// Creates <c>LB_LEAST_CONNECTION</c> balancers: power of two choices on a host's open upstream connections
/// (<see cref="HostStats.ActiveConnections"/>) with equal weights; smooth weighted round robin over
/// <c>weight / (connections + 1)^bias</c> otherwise; <c>lbconfig</c> (<c>choice_count</c>, <c>active_request_bias</c>)
/// and <c>slow_start</c> apply as to <c>LB_LEAST_REQUEST</c> (MOSN's <c>LeastActiveConnection</c>).
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
        IHost[] hosts = [.. hostSet.HealthyHosts];
        return new LeastRequestLoadBalancer(hosts, byConnections: true, (cluster as ClusterInfo)?.LbConfig, SlowStartWeights.For(hosts, cluster));
    }
}
