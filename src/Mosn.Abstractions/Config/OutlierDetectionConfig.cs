namespace Mosn.Abstractions.Config;

/// <summary>
/// Passive health checking of a cluster (<c>outlier_detection</c>), with Envoy's keys and defaults (MOSN has none): a
/// host with too many consecutive failures, a success rate far below the other hosts' (success rate), or too high a
/// share of failures (failure percentage) is ejected from load balancing for <see cref="BaseEjectionTime"/> × the
/// number of times it was ejected (at most <see cref="MaxEjectionTime"/>), while at most
/// <see cref="MaxEjectionPercent"/> of the cluster's hosts are ejected at once (at least one host always may be).
/// </summary>
/// <remarks>
/// Success rate and failure percentage are judged every <see cref="Interval"/> over the requests of that interval: a
/// request fails when its (effective) status is 5xx; local-origin failures count as 5xx unless
/// <see cref="SplitExternalLocalOriginErrors"/>, which judges them apart (the <c>*_local_origin</c> enforcing keys).
/// </remarks>
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

    /// <summary>
    /// Hosts that must each have <see cref="SuccessRateRequestVolume"/> requests in an interval for success-rate ejection
    /// to run (<c>success_rate_minimum_hosts</c>).
    /// </summary>
    public int SuccessRateMinimumHosts { get; init; } = 5;

    /// <summary>Requests a host needs in an interval to be judged by success rate (<c>success_rate_request_volume</c>).</summary>
    public int SuccessRateRequestVolume { get; init; } = 100;

    /// <summary>
    /// How far below the hosts' mean success rate ejects, in thousandths of the standard deviation
    /// (<c>success_rate_stdev_factor</c>): the threshold is mean − factor / 1000 × stdev.
    /// </summary>
    public int SuccessRateStdevFactor { get; init; } = 1900;

    /// <summary>Percent chance that a success-rate outlier is ejected (<c>enforcing_success_rate</c>).</summary>
    public int EnforcingSuccessRate { get; init; } = 100;

    /// <summary>
    /// Percent chance that a local-origin success-rate outlier is ejected (<c>enforcing_local_origin_success_rate</c>);
    /// used only with <see cref="SplitExternalLocalOriginErrors"/>.
    /// </summary>
    public int EnforcingLocalOriginSuccessRate { get; init; } = 100;

    /// <summary>A host whose failures reach this percent of its requests is an outlier (<c>failure_percentage_threshold</c>).</summary>
    public int FailurePercentageThreshold { get; init; } = 85;

    /// <summary>
    /// Hosts that must each have <see cref="FailurePercentageRequestVolume"/> requests in an interval for
    /// failure-percentage ejection to run (<c>failure_percentage_minimum_hosts</c>).
    /// </summary>
    public int FailurePercentageMinimumHosts { get; init; } = 5;

    /// <summary>Requests a host needs in an interval to be judged by failure percentage (<c>failure_percentage_request_volume</c>).</summary>
    public int FailurePercentageRequestVolume { get; init; } = 50;

    /// <summary>Percent chance that a failure-percentage outlier is ejected (<c>enforcing_failure_percentage</c>); Envoy's default 0 only judges.</summary>
    public int EnforcingFailurePercentage { get; init; } = 0;

    /// <summary>
    /// Percent chance that a local-origin failure-percentage outlier is ejected
    /// (<c>enforcing_failure_percentage_local_origin</c>); used only with <see cref="SplitExternalLocalOriginErrors"/>.
    /// </summary>
    public int EnforcingFailurePercentageLocalOrigin { get; init; } = 0;
}
