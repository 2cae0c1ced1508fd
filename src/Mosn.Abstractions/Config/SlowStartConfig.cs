namespace Mosn.Abstractions.Config;

/// <summary>
/// Slow start of a cluster (<c>slow_start</c>, MOSN's <c>duration</c> mode, Envoy's formula): a host that joins a running
/// cluster (a new address in a config update or a DNS answer) or returns to health (its failed health check or outlier
/// ejection cleared) gets a share of traffic that grows to its full weight over <see cref="Duration"/>, instead of its
/// full share at once. Its weight is scaled by <c>max(MinWeightPercent, timeFactor^(1 / Aggression))</c> with
/// <c>timeFactor = max(1 s, time since it became active) / Duration</c>. Applies to the EDF-scheduled balancers
/// (<c>LB_WEIGHTED_ROUNDROBIN</c>, <c>LB_LEAST_REQUEST</c>, <c>LB_LEAST_CONNECTION</c>), as in MOSN.
/// </summary>
public sealed record SlowStartConfig
{
    /// <summary>The only mode MOSN registers: the window is a fixed duration.</summary>
    public const string DurationMode = "duration";

    /// <summary>How the window is measured (<c>mode</c>); only <see cref="DurationMode"/>.</summary>
    public string Mode { get; init; } = DurationMode;

    /// <summary>The length of the window (<c>slow_start_duration</c>, a Go duration string; positive).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>
    /// The shape of the ramp (<c>aggression</c>; positive, default 1.0: linear). Above 1 the weight rises quickly at first
    /// and slowly near the end of the window; below 1 the reverse (Envoy's definition).
    /// </summary>
    public double Aggression { get; init; } = 1.0;

    /// <summary>
    /// The least fraction of its weight a host gets during the window (<c>min_weight_percent</c>, a fraction from 0 to 1;
    /// default 0.1), so that it is picked at all at the start.
    /// </summary>
    public double MinWeightPercent { get; init; } = 0.1;
}
