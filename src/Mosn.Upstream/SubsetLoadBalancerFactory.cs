using Mosn.Abstractions.Config;
using Mosn.Abstractions.Upstream;
using Mosn.Upstream.LoadBalancing;

namespace Mosn.Upstream;

/// <summary>
/// Wraps a cluster's balancer factory when the cluster has <c>lb_subset_config</c>: the balancer it creates groups the
/// hosts into subsets by their metadata (one group per distinct value combination of each selector's keys), balances
/// inside the subset the route's <c>metadata_match</c> selects with <paramref name="inner"/>'s policy, and applies the
/// fallback policy when none is selected.
/// </summary>
/// <param name="inner">The factory of the cluster's <c>lb_type</c>, used inside every subset and for the fallback.</param>
/// <param name="config">The cluster's subset configuration.</param>
/// <remarks>Immutable; thread-safe. The cluster manager wraps the <c>lb_type</c> factory of such clusters in one of these.</remarks>
public sealed class SubsetLoadBalancerFactory(ILoadBalancerFactory inner, LbSubsetConfig config) : ILoadBalancerFactory
{
    private readonly ILoadBalancerFactory _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly LbSubsetConfig _config = config ?? throw new ArgumentNullException(nameof(config));

    /// <inheritdoc />
    /// <remarks>The inner factory's name: the cluster's <c>lb_type</c>.</remarks>
    public string Name => _inner.Name;

    /// <inheritdoc />
    public ILoadBalancer Create(IHostSet hostSet, IClusterInfo cluster) => new SubsetLoadBalancer(hostSet, cluster, _config, _inner);
}
