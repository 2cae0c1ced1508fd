using Mosn.Abstractions.Upstream;
using Mosn.Upstream.Clusters;
using Mosn.Upstream.LoadBalancing;

namespace Mosn.Upstream;

/// <summary>
/// Creates <c>LB_ORIGINAL_DST</c> balancers: each request goes to its original destination (a header or the downstream
/// connection's original destination), over hosts the cluster creates on demand. Only for <c>ORIGINAL_DST</c> clusters
/// built by <see cref="ClusterManager"/>, which own those hosts.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
public sealed class OriginalDstLoadBalancerFactory : ILoadBalancerFactory
{
    /// <inheritdoc />
    public string Name => LoadBalancerTypes.OriginalDst;

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="cluster"/> is not an <c>ORIGINAL_DST</c> cluster of a <see cref="ClusterManager"/> (a configuration error).</exception>
    public ILoadBalancer Create(IHostSet hostSet, IClusterInfo cluster) => cluster is ClusterInfo { OriginalDstHosts: { } hosts }
        ? new OriginalDstLoadBalancer(hosts)
        : throw new ArgumentException($"lb_type {LoadBalancerTypes.OriginalDst} needs a cluster of type {ClusterManager.OriginalDstType}.", nameof(cluster));
}
