using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream;

/// <summary>The load balancer factories that ship with Mosn.NET, one per <see cref="LoadBalancerTypes"/> name.</summary>
public static class BuiltInLoadBalancers
{
    /// <summary>New instances of every built-in factory (each registers under its <see cref="ILoadBalancerFactory.Name"/>).</summary>
    public static IReadOnlyList<ILoadBalancerFactory> Create() =>
    [
        new RandomLoadBalancerFactory(),
        new RoundRobinLoadBalancerFactory(),
        new WeightedRoundRobinLoadBalancerFactory(),
        new LeastRequestLoadBalancerFactory(),
        new LeastConnectionLoadBalancerFactory(),
        new RequestRoundRobinLoadBalancerFactory(),
        new MaglevLoadBalancerFactory(),
        new RingHashLoadBalancerFactory(),
        new PeakEwmaLoadBalancerFactory(),
        new OriginalDstLoadBalancerFactory(),
    ];
}
