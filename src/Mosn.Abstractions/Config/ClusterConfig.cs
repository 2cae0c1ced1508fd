namespace Mosn.Abstractions.Config;

/// <summary>An upstream cluster.</summary>
public sealed record ClusterConfig
{
    /// <summary>Unique name (<c>name</c>).</summary>
    public string Name { get; init; } = "";

    /// <summary>Cluster type (SIMPLE) (<c>type</c>).</summary>
    public string Type { get; init; } = "SIMPLE";

    /// <summary>Load balancer by registered name, e.g. LB_RANDOM, LB_ROUNDROBIN, LB_MAGLEV (<c>lb_type</c>).</summary>
    public string LbType { get; init; } = "LB_RANDOM";

    /// <summary>Requests per upstream connection before it is retired (0: unlimited) (<c>max_request_per_conn</c>).</summary>
    public int MaxRequestPerConn { get; init; } = 0;

    /// <summary>Upstream connection buffer limit (<c>conn_buffer_limit_bytes</c>).</summary>
    public long ConnBufferLimitBytes { get; init; } = 32 * 1024;

    /// <summary>Connect timeout (<c>connect_timeout</c>).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Idle upstream connections are closed after this (zero: never) (<c>idle_timeout</c>).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Limits (<c>circuit_breakers</c>).</summary>
    public CircuitBreakersConfig CircuitBreakers { get; init; } = new();

    /// <summary>Static hosts (<c>hosts</c>).</summary>
    public IReadOnlyList<HostConfig> Hosts { get; init; } = [];

    /// <summary>Active health check (<c>health_check</c>); null: none.</summary>
    public HealthCheckConfig? HealthCheck { get; init; }

    /// <summary>Passive health checking (<c>outlier_detection</c>, Envoy's); null: none.</summary>
    public OutlierDetectionConfig? OutlierDetection { get; init; }

    /// <summary>Tuning of <c>LB_LEAST_REQUEST</c> and <c>LB_LEAST_CONNECTION</c> (<c>lbconfig</c>); defaults when absent.</summary>
    public LbConfig LbConfig { get; init; } = new();

    /// <summary>Slow start of hosts that join or return to health (<c>slow_start</c>); null: none.</summary>
    public SlowStartConfig? SlowStart { get; init; }

    /// <summary>Subset load balancing (<c>lb_subset_config</c>); null: none (also when it lists no selector).</summary>
    public LbSubsetConfig? LbSubset { get; init; }

    /// <summary>
    /// Connections kept open and ready per host and protocol (<c>min_connections</c>, Mosn.NET's; MOSN has no preconnect):
    /// opened when the pool is created, re-opened when they close, never idle-timed-out; 0: none.
    /// </summary>
    public int MinConnections { get; init; }

    /// <summary>How often a <c>STRICT_DNS</c> cluster re-resolves its host names (<c>dns_refresh_rate</c>; default 5 s, Envoy's).</summary>
    public TimeSpan DnsRefreshRate { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Settings of an <c>ORIGINAL_DST</c> cluster (<c>original_dst_lb_config</c> and <c>cleanup_interval</c>); ignored by
    /// other cluster types.
    /// </summary>
    public OriginalDstLbConfig OriginalDstLb { get; init; } = new();

    /// <summary>Where the cluster is in the config file.</summary>
    public string JsonPath { get; init; } = "";
}
