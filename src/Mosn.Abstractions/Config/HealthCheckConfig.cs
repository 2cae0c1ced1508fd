namespace Mosn.Abstractions.Config;

/// <summary>
/// The active health check of a cluster (<c>health_check</c>), with MOSN's keys and defaults. Every host of the cluster
/// is checked every <see cref="Interval"/> (plus up to <see cref="IntervalJitter"/>); a check that does not succeed
/// within <see cref="Timeout"/> fails.
/// </summary>
public sealed record HealthCheckConfig
{
    /// <summary>
    /// Protocol of the check (<c>protocol</c>), which names the checker as in MOSN: <c>Http1</c> with <see cref="Http"/>
    /// set runs an HTTP check; a registered RPC protocol with a heartbeat (<c>bolt</c>, <c>boltv2</c>, <c>dubbo</c>;
    /// <c>SofaRpc</c> means <c>bolt</c>) a heartbeat check on a connection kept across checks; any other value (or none) a
    /// TCP connect check, as MOSN falls back to for protocols without a checker.
    /// </summary>
    public string Protocol { get; init; } = "";

    /// <summary>Time one check may take (<c>timeout</c>).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Time between the end of a check and the start of the next (<c>interval</c>).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Up to this much random time is added to each interval (<c>interval_jitter</c>).</summary>
    public TimeSpan IntervalJitter { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Delay before the first check of each host (<c>initial_delay_seconds</c>).</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive successes that mark a failed host healthy again (<c>healthy_threshold</c>), at least 1.</summary>
    public int HealthyThreshold { get; init; } = 1;

    /// <summary>Consecutive failures that mark a healthy host failed (<c>unhealthy_threshold</c>), at least 1.</summary>
    public int UnhealthyThreshold { get; init; } = 1;

    /// <summary>Name used in logs (<c>service_name</c>).</summary>
    public string? ServiceName { get; init; }

    /// <summary>The HTTP check (<c>check_config.http_check_config</c>); null: TCP connect.</summary>
    public HttpCheckConfig? Http { get; init; }
}
