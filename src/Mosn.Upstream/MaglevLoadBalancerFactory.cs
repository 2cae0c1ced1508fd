using Mosn.Abstractions.Upstream;
using Mosn.Upstream.LoadBalancing;

namespace Mosn.Upstream;

/// <summary>
/// Creates <c>LB_MAGLEV</c> balancers: consistent hashing of the request's hash key (the route's <c>hash_policy</c>)
/// through a Maglev table of 65537 slots shared among the healthy hosts in proportion to their weights. A request
/// without a key goes to a random host.
/// </summary>
/// <remarks>Stateless; thread-safe. Building a balancer costs a few milliseconds (it runs on snapshot rebuilds, never per request).</remarks>
public sealed class MaglevLoadBalancerFactory : ILoadBalancerFactory
{
    /// <inheritdoc />
    public string Name => LoadBalancerTypes.Maglev;

    /// <inheritdoc />
    public ILoadBalancer Create(IHostSet hostSet, IClusterInfo cluster)
    {
        ArgumentNullException.ThrowIfNull(hostSet);
        return new MaglevLoadBalancer(hostSet.HealthyHosts);
    }
}
