using Mosn.Abstractions.Upstream;
using Mosn.Upstream.HealthChecking;
using Mosn.Upstream.Outlier;

namespace Mosn.Upstream.Clusters;

/// <summary>
/// One immutable version of a cluster: info, hosts, balancer, plus the host lookup by address the cluster manager uses
/// to carry counters and pools over to the next version, and the health monitors of the version.
/// </summary>
/// <remarks>
/// When a host's health changes, the manager publishes a copy made by <see cref="WithCurrentHealth"/>: same hosts,
/// info and monitors, with the healthy list and the balancer rebuilt. A config update builds a new version with new
/// monitors and stops the old ones.
/// </remarks>
internal sealed class ClusterSnapshot : IClusterSnapshot
{
    public ClusterSnapshot(ClusterInfo info, HostSet hostSet, ILoadBalancer loadBalancer, IReadOnlyDictionary<string, Host> hostsByAddress)
        : this(info, hostSet, loadBalancer, hostsByAddress, null, null, null)
    {
    }

    public ClusterSnapshot(ClusterInfo info, HostSet hostSet, ILoadBalancer loadBalancer, IReadOnlyDictionary<string, Host> hostsByAddress,
        ILoadBalancerFactory? balancerFactory, ClusterHealthChecker? healthChecker, OutlierDetector? outlierDetector)
    {
        Info = info;
        HostSet = hostSet;
        LoadBalancer = loadBalancer;
        HostsByAddress = hostsByAddress;
        BalancerFactory = balancerFactory;
        HealthChecker = healthChecker;
        OutlierDetector = outlierDetector;
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

    /// <summary>The factory that built <see cref="LoadBalancer"/> (null: health rebuilds keep the balancer).</summary>
    public ILoadBalancerFactory? BalancerFactory { get; }

    /// <summary>The active health check of this version, if configured.</summary>
    public ClusterHealthChecker? HealthChecker { get; }

    /// <summary>The outlier detection of this version, if configured.</summary>
    public OutlierDetector? OutlierDetector { get; }

    /// <summary>A copy whose healthy list and balancer reflect the hosts' health now; the same version otherwise.</summary>
    public ClusterSnapshot WithCurrentHealth()
    {
        var hostSet = new HostSet(HostSet.Hosts);
        var balancer = BalancerFactory?.Create(hostSet, Info) ?? LoadBalancer;
        return new ClusterSnapshot(ClusterInfo, hostSet, balancer, HostsByAddress, BalancerFactory, HealthChecker, OutlierDetector)
        {
            Config = Config,
            Template = Template,
        };
    }

    /// <summary>The concrete config this version was built from (a STRICT_DNS cluster's: with its resolved hosts). Set before publication.</summary>
    public Mosn.Abstractions.Config.ClusterConfig? Config { get; set; }

    /// <summary>The cluster as configured (a STRICT_DNS cluster's: with host names); null when built without one. Set before publication.</summary>
    public Mosn.Abstractions.Config.ClusterConfig? Template { get; set; }

    /// <summary>Stops the health monitors of this version, and an <c>ORIGINAL_DST</c> version's host cleanup. Idempotent.</summary>
    public void StopMonitors()
    {
        HealthChecker?.Dispose();
        OutlierDetector?.Dispose();
        ClusterInfo.OriginalDstHosts?.Dispose();
    }
}
