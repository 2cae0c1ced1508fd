using Mosn.Abstractions.Config;
using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.Clusters;

/// <summary>
/// The static facts of one version of a cluster, built from its <see cref="ClusterConfig"/>. Immutable except for
/// <see cref="Stats"/>, which is carried over from the previous version of the same cluster so counters survive updates.
/// </summary>
internal sealed class ClusterInfo : IClusterInfo
{
    public ClusterInfo(ClusterConfig config, HostStats stats, TimeProvider? timeProvider = null)
    {
        TimeProvider = timeProvider ?? TimeProvider.System;
        LbConfig = config.LbConfig;
        SlowStart = config.SlowStart;
        Name = config.Name;
        LbType = config.LbType;
        ConnectTimeout = config.ConnectTimeout;
        IdleTimeout = config.IdleTimeout;
        ConnectionBufferLimitBytes = config.ConnBufferLimitBytes;
        MaxRequestsPerConnection = config.MaxRequestPerConn;
        MaxConnections = config.CircuitBreakers.MaxConnections;
        MaxPendingRequests = config.CircuitBreakers.MaxPendingRequests;
        MaxRequests = config.CircuitBreakers.MaxRequests;
        MaxRetries = config.CircuitBreakers.MaxRetries;
        _budgetPercent = config.CircuitBreakers.RetryBudgetPercent;
        _budgetMin = config.CircuitBreakers.RetryBudgetMinConcurrency;
        MinConnections = config.MinConnections;
        Stats = stats;
    }

    /// <summary>
    /// The on-demand hosts of an <c>ORIGINAL_DST</c> cluster version (null for other types). Set once by
    /// <see cref="OriginalDstHosts"/>'s constructor, before the version is published.
    /// </summary>
    public OriginalDstHosts? OriginalDstHosts { get; set; }

    /// <summary>The clock of the cluster manager (slow start reads it on each pick of a warming balancer).</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Tuning of the load-aware balancers (<c>lbconfig</c>).</summary>
    public LbConfig LbConfig { get; }

    /// <summary>Slow start (<c>slow_start</c>); null: none.</summary>
    public SlowStartConfig? SlowStart { get; }

    /// <summary>Connections each host's pool keeps open ready for requests (<c>min_connections</c>; 0: none).</summary>
    public int MinConnections { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string LbType { get; }

    /// <inheritdoc />
    public TimeSpan ConnectTimeout { get; }

    /// <inheritdoc />
    public TimeSpan IdleTimeout { get; }

    /// <inheritdoc />
    public long ConnectionBufferLimitBytes { get; }

    /// <inheritdoc />
    public int MaxRequestsPerConnection { get; }

    /// <inheritdoc />
    public int MaxConnections { get; }

    /// <inheritdoc />
    public int MaxPendingRequests { get; }

    /// <inheritdoc />
    public int MaxRequests { get; }

    /// <inheritdoc />
    public int MaxRetries { get; }

    private readonly double? _budgetPercent;
    private readonly int _budgetMin;

    /// <inheritdoc />
    public int RetryLimit(long activeRequests)
    {
        if (_budgetPercent is not { } percent)
        {
            return MaxRetries;
        }

        var limit = Math.Max(_budgetMin, (int)Math.Min(int.MaxValue, activeRequests * percent / 100));
        return limit == 0 ? -1 : limit; // 0 would read as "unlimited"
    }

    /// <inheritdoc />
    public HostStats Stats { get; }
}
