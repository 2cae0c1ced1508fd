namespace Mosn.Abstractions.Upstream;

/// <summary>Chooses an upstream host. Built for one host-set snapshot; thread-safe; must not allocate per pick.</summary>
public interface ILoadBalancer
{
    /// <summary>
    /// Picks a healthy host, honouring <see cref="ILoadBalancerContext.ShouldSelectAnotherHost"/> when another healthy
    /// host exists. Returns null when no healthy host exists.
    /// </summary>
    IHost? ChooseHost(ILoadBalancerContext? context);

    /// <summary>Number of hosts this balancer chooses among.</summary>
    int HostCount { get; }
}
