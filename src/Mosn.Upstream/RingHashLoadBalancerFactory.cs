using Mosn.Abstractions.Upstream;
using Mosn.Upstream.LoadBalancing;

namespace Mosn.Upstream;

/// <summary>
/// Creates <c>LB_RING_HASH</c> balancers (Envoy's name; MOSN has no ring hash): consistent hashing of the request's hash
/// key (the route's <c>hash_policy</c>) on a Ketama-style ring of at least 1024 points, each healthy host owning points
/// in proportion to its weight. A request without a key goes to a random host.
/// </summary>
/// <remarks>Stateless; thread-safe. Building a balancer sorts the ring (on snapshot rebuilds, never per request).</remarks>
public sealed class RingHashLoadBalancerFactory : ILoadBalancerFactory
{
    /// <inheritdoc />
    public string Name => LoadBalancerTypes.RingHash;

    /// <inheritdoc />
    public ILoadBalancer Create(IHostSet hostSet, IClusterInfo cluster)
    {
        ArgumentNullException.ThrowIfNull(hostSet);
        return new RingHashLoadBalancer(hostSet.HealthyHosts);
    }
}
