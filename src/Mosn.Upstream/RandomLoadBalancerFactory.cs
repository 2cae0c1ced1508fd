using Mosn.Abstractions.Upstream;
using Mosn.Upstream.LoadBalancing;

namespace Mosn.Upstream;

/// <summary>
/// Creates <c>LB_RANDOM</c> balancers: a random healthy host, chosen with probability proportional to its weight.
/// </summary>
/// <remarks>
/// MOSN's <c>LB_RANDOM</c> ignores host weights; we honour them (with equal weights the pick is uniform, as in MOSN).
/// Draws come from <see cref="Random.Shared"/>, so picks are thread-safe and allocation-free. Stateless; thread-safe.
/// </remarks>
public sealed class RandomLoadBalancerFactory : ILoadBalancerFactory
{
    /// <inheritdoc />
    public string Name => LoadBalancerTypes.Random;

    /// <inheritdoc />
    public ILoadBalancer Create(IHostSet hostSet, IClusterInfo cluster)
    {
        ArgumentNullException.ThrowIfNull(hostSet);
        return new RandomLoadBalancer(hostSet.HealthyHosts);
    }
}
