using Mosn.Abstractions.Upstream;
using Mosn.Upstream.Clusters;
using Mosn.Upstream.LoadBalancing;

namespace Mosn.Upstream;

/// <summary>
/// Builds <c>LB_LEAST_REQUEST</c> balancers: power of N choices on active requests (<c>lbconfig.choice_count</c>) with
/// equal weights, EDF on <c>weight / (active + 1)^active_request_bias</c> otherwise; hosts warming up under the
/// cluster's <c>slow_start</c> get their scaled weight.
/// </summary>
/// <remarks>Stateless; thread-safe. Reads <c>lbconfig</c> and <c>slow_start</c> from the cluster info the cluster manager builds (defaults for any other <see cref="IClusterInfo"/>).</remarks>
public sealed class LeastRequestLoadBalancerFactory : ILoadBalancerFactory
{
    /// <inheritdoc />
    public string Name => LoadBalancerTypes.LeastRequest;

    /// <inheritdoc />
    public ILoadBalancer Create(IHostSet hostSet, IClusterInfo cluster)
    {
        ArgumentNullException.ThrowIfNull(hostSet);
        IHost[] hosts = [.. hostSet.HealthyHosts];
        return new LeastRequestLoadBalancer(hosts, byConnections: false, (cluster as ClusterInfo)?.LbConfig, SlowStartWeights.For(hosts, cluster));
    }
}
