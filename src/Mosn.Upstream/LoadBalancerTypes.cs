namespace Mosn.Upstream;

/// <summary>The <c>lb_type</c> names of the built-in load balancers, as MOSN spells them in cluster config.</summary>
public static class LoadBalancerTypes
{
    /// <summary>Weighted random pick (<see cref="RandomLoadBalancerFactory"/>).</summary>
    public const string Random = "LB_RANDOM";

    /// <summary>Smooth weighted round robin (<see cref="RoundRobinLoadBalancerFactory"/>).</summary>
    public const string RoundRobin = "LB_ROUNDROBIN";

    /// <summary>Power of two choices on active requests, weight-aware (<see cref="LeastRequestLoadBalancerFactory"/>).</summary>
    public const string LeastRequest = "LB_LEAST_REQUEST";
}
