using Mosn.Abstractions.Upstream;
using Mosn.Upstream.LoadBalancing;

namespace Mosn.Upstream;

/// <summary>
/// Creates <c>LB_PEAK_EWMA</c> balancers: power of two choices on <c>latency EWMA × (active requests + 1) / success
/// rate</c>, from the latencies the proxy reports with each try's outcome. Hosts without samples are costed at the
/// cluster's average, or at <c>connect_timeout + idle_timeout</c> (10 s when both are zero) before any sample, as MOSN.
/// </summary>
/// <remarks>Stateless; thread-safe. The latency estimates live per host address and survive snapshot rebuilds.</remarks>
public sealed class PeakEwmaLoadBalancerFactory : ILoadBalancerFactory
{
    /// <inheritdoc />
    public string Name => LoadBalancerTypes.PeakEwma;

    /// <inheritdoc />
    public ILoadBalancer Create(IHostSet hostSet, IClusterInfo cluster)
    {
        ArgumentNullException.ThrowIfNull(hostSet);
        ArgumentNullException.ThrowIfNull(cluster);
        return new PeakEwmaLoadBalancer(hostSet.HealthyHosts, HostLatency.For(cluster.Stats), cluster.ConnectTimeout + cluster.IdleTimeout);
    }
}
