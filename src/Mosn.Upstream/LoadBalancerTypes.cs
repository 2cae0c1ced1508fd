namespace Mosn.Upstream;

/// <summary>The <c>lb_type</c> names of the built-in load balancers, as MOSN (or, for ring hash, Envoy) spells them.</summary>
public static class LoadBalancerTypes
{
    /// <summary>Weighted random pick (<see cref="RandomLoadBalancerFactory"/>).</summary>
    public const string Random = "LB_RANDOM";

    /// <summary>Smooth weighted round robin (<see cref="RoundRobinLoadBalancerFactory"/>).</summary>
    public const string RoundRobin = "LB_ROUNDROBIN";

    /// <summary>Smooth weighted round robin, MOSN's EDF-scheduled name for it (<see cref="WeightedRoundRobinLoadBalancerFactory"/>).</summary>
    public const string WeightedRoundRobin = "LB_WEIGHTED_ROUNDROBIN";

    /// <summary>Power of two choices on active requests, weight-aware (<see cref="LeastRequestLoadBalancerFactory"/>).</summary>
    public const string LeastRequest = "LB_LEAST_REQUEST";

    /// <summary>Power of two choices on active connections, weight-aware (<see cref="LeastConnectionLoadBalancerFactory"/>).</summary>
    public const string LeastConnection = "LB_LEAST_CONNECTION";

    /// <summary>Each request starts at the first host, each retry moves to the next (<see cref="RequestRoundRobinLoadBalancerFactory"/>).</summary>
    public const string RequestRoundRobin = "LB_REQUEST_ROUNDROBIN";

    /// <summary>Consistent hashing through a Maglev table (<see cref="MaglevLoadBalancerFactory"/>).</summary>
    public const string Maglev = "LB_MAGLEV";

    /// <summary>Consistent hashing on a Ketama-style ring; Envoy's name, MOSN has none (<see cref="RingHashLoadBalancerFactory"/>).</summary>
    public const string RingHash = "LB_RING_HASH";

    /// <summary>Latency-aware power of two choices (<see cref="PeakEwmaLoadBalancerFactory"/>).</summary>
    public const string PeakEwma = "LB_PEAK_EWMA";

    /// <summary>Each request's original destination, for <c>ORIGINAL_DST</c> clusters (<see cref="OriginalDstLoadBalancerFactory"/>).</summary>
    public const string OriginalDst = "LB_ORIGINAL_DST";
}
