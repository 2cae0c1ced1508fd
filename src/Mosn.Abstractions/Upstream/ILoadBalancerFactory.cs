namespace Mosn.Abstractions.Upstream;

/// <summary>Creates load balancers of one type, registered by <see cref="Name"/> (the cluster's <c>lb_type</c>).</summary>
public interface ILoadBalancerFactory
{
    /// <summary>Name as written in config, e.g. <c>LB_ROUNDROBIN</c>.</summary>
    string Name { get; }

    /// <summary>Creates a balancer over one host-set snapshot.</summary>
    ILoadBalancer Create(IHostSet hostSet, IClusterInfo cluster);
}
