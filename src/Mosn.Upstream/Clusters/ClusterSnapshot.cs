using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.Clusters;

/// <summary>
/// One immutable version of a cluster: info, hosts, balancer, plus the host lookup by address the cluster manager uses
/// to carry counters and pools over to the next version.
/// </summary>
internal sealed class ClusterSnapshot : IClusterSnapshot
{
    public ClusterSnapshot(ClusterInfo info, HostSet hostSet, ILoadBalancer loadBalancer, IReadOnlyDictionary<string, Host> hostsByAddress)
    {
        Info = info;
        HostSet = hostSet;
        LoadBalancer = loadBalancer;
        HostsByAddress = hostsByAddress;
    }

    /// <inheritdoc />
    public IClusterInfo Info { get; }

    /// <summary>The info as its concrete type (for limits that are not on <see cref="IClusterInfo"/>).</summary>
    public ClusterInfo ClusterInfo => (ClusterInfo)Info;

    /// <inheritdoc />
    public IHostSet HostSet { get; }

    /// <inheritdoc />
    public ILoadBalancer LoadBalancer { get; }

    /// <summary>The hosts by configured address (the first one when an address is listed twice).</summary>
    public IReadOnlyDictionary<string, Host> HostsByAddress { get; }
}
