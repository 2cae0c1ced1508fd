namespace Mosn.Abstractions.Upstream;

/// <summary>The static facts of a cluster, shared by its hosts. Immutable.</summary>
public interface IClusterInfo
{
    /// <summary>Cluster name.</summary>
    string Name { get; }
    /// <summary>Load balancer type as configured (e.g. <c>LB_RANDOM</c>).</summary>
    string LbType { get; }
    /// <summary>Upstream connect timeout.</summary>
    TimeSpan ConnectTimeout { get; }
    /// <summary>Close idle upstream connections after this long (zero: never).</summary>
    TimeSpan IdleTimeout { get; }
    /// <summary>Buffer limit of upstream connections.</summary>
    long ConnectionBufferLimitBytes { get; }
    /// <summary>Requests per upstream connection before it is retired (0: unlimited).</summary>
    int MaxRequestsPerConnection { get; }
    /// <summary>Most upstream connections per host (0: unlimited).</summary>
    int MaxConnections { get; }
    /// <summary>Counters of the whole cluster.</summary>
    HostStats Stats { get; }
}
