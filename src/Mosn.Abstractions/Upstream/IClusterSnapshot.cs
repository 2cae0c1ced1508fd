namespace Mosn.Abstractions.Upstream;

/// <summary>
/// An immutable view of a cluster at one moment: its info, hosts and balancer. A request reads one snapshot and uses
/// it to the end, so updates never change a request in flight.
/// </summary>
public interface IClusterSnapshot
{
    /// <summary>Cluster facts.</summary>
    IClusterInfo Info { get; }

    /// <summary>The hosts.</summary>
    IHostSet HostSet { get; }

    /// <summary>The balancer over <see cref="HostSet"/>.</summary>
    ILoadBalancer LoadBalancer { get; }
}
