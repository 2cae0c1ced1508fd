namespace Mosn.Abstractions.Config;

/// <summary>
/// Passive health checking of a cluster (<c>outlier_detection</c>), with Envoy's keys and defaults (MOSN has none): a
/// host with too many consecutive failures is ejected from load balancing for
/// <see cref="BaseEjectionTime"/> × the number of times it was ejected (at most <see cref="MaxEjectionTime"/>), while
/// at most <see cref="MaxEjectionPercent"/> of the cluster's hosts are ejected at once (at least one host always may be).
/// </summary>
public sealed record OutlierDetectionConfig
{
    /// <summary>Consecutive 5xx responses that eject a host (<c>consecutive_5xx</c>); 0 disables.</summary>
    public int Consecutive5xx { get; init; } = 5;

    /// <summary>Consecutive 502/503/504 responses that eject a host (<c>consecutive_gateway_failure</c>); 0 disables.</summary>
    public int ConsecutiveGatewayFailure { get; init; } = 5;

    /// <summary>
    /// Consecutive local-origin failures (connect failure, timeout, reset) that eject a host
    /// (<c>consecutive_local_origin_failure</c>); used only with <see cref="SplitExternalLocalOriginErrors"/>; 0 disables.
    /// </summary>
    public int ConsecutiveLocalOriginFailure { get; init; } = 5;

    /// <summary>
    /// When true, local-origin failures are counted apart from responses (<c>split_external_local_origin_errors</c>);
    /// when false (the default) they count as 503 (504 for a timeout) toward the 5xx and gateway counters.
    /// </summary>
    public bool SplitExternalLocalOriginErrors { get; init; }

    /// <summary>Percent chance that reaching <see cref="Consecutive5xx"/> ejects (<c>enforcing_consecutive_5xx</c>).</summary>
    public int EnforcingConsecutive5xx { get; init; } = 100;

    /// <summary>Percent chance that reaching <see cref="ConsecutiveGatewayFailure"/> ejects (<c>enforcing_consecutive_gateway_failure</c>); Envoy's default 0 only counts.</summary>
    public int EnforcingConsecutiveGatewayFailure { get; init; } = 0;

    /// <summary>Percent chance that reaching <see cref="ConsecutiveLocalOriginFailure"/> ejects (<c>enforcing_consecutive_local_origin_failure</c>).</summary>
    public int EnforcingConsecutiveLocalOriginFailure { get; init; } = 100;

    /// <summary>How often ejections are reviewed: hosts whose time is up return (<c>interval</c>).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Ejection time per ejection of the host (<c>base_ejection_time</c>).</summary>
    public TimeSpan BaseEjectionTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest ejection (<c>max_ejection_time</c>).</summary>
    public TimeSpan MaxEjectionTime { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Most hosts of the cluster ejected at once, in percent (<c>max_ejection_percent</c>).</summary>
    public int MaxEjectionPercent { get; init; } = 10;
}
