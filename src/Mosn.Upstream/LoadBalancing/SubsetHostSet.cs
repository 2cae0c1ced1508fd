using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>The hosts of one subset of a cluster's snapshot (all of them, and the healthy ones). Immutable.</summary>
internal sealed class SubsetHostSet(IReadOnlyList<IHost> hosts, IReadOnlyList<IHost> healthyHosts) : IHostSet
{
    /// <inheritdoc />
    public IReadOnlyList<IHost> Hosts { get; } = hosts;

    /// <inheritdoc />
    public IReadOnlyList<IHost> HealthyHosts { get; } = healthyHosts;

    /// <summary>The hosts of <paramref name="hostSet"/> that <paramref name="belongs"/> accepts.</summary>
    public static SubsetHostSet Filter(IHostSet hostSet, Func<IHost, bool> belongs) =>
        new([.. hostSet.Hosts.Where(belongs)], [.. hostSet.HealthyHosts.Where(belongs)]);
}
