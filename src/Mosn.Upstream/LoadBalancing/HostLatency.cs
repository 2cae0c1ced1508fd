using System.Diagnostics;
using System.Runtime.CompilerServices;
using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>
/// The latency and failure estimate of one host (or of a whole cluster) for <c>LB_PEAK_EWMA</c>: a peak-sensitive,
/// time-decayed exponentially weighted moving average of try latencies (Finagle's "peak EWMA": a sample above the
/// average replaces it at once; lower samples pull it down with weight <c>1 - e^(-Δt/τ)</c>, τ = 10 s), and a moving
/// average of the failure fraction (5xx, connect failures, timeouts, resets; each sample weighs 1/10). Both estimates
/// decay towards zero while no sample arrives, so a host that was slow once and then left idle is tried again.
/// </summary>
/// <remarks>
/// One instance per address, shared by every version of its cluster: found through <see cref="For"/> keyed by the host's
/// <see cref="HostStats"/> (which the cluster manager carries over). Updates take a small per-instance lock (never held
/// across anything else); reads are lock-free and may see a sample half-applied, which is harmless for a heuristic.
/// Allocation-free after creation.
/// </remarks>
internal sealed class HostLatency
{
    /// <summary>The decay time constant τ (MOSN and Envoy use 10 s).</summary>
    public static readonly TimeSpan DecayTime = TimeSpan.FromSeconds(10);

    private const double FailureSampleWeight = 0.1;
    private static readonly ConditionalWeakTable<HostStats, HostLatency> Table = [];
    private static readonly double DecayTicks = DecayTime.TotalSeconds * Stopwatch.Frequency;

    private readonly Lock _lock = new();
    private double _latencyTicks; // the average, in Stopwatch ticks
    private double _failures; // the failure fraction, 0..1
    private long _stamp; // Stopwatch timestamp of the last sample; 0: none yet

    /// <summary>The estimate belonging to <paramref name="stats"/> (created on first use; thread-safe).</summary>
    public static HostLatency For(HostStats stats) => Table.GetValue(stats, static _ => new HostLatency());

    /// <summary>True once a sample was recorded.</summary>
    public bool HasSamples => Volatile.Read(ref _stamp) != 0;

    /// <summary>Records one try's outcome; outcomes without a measured latency are ignored.</summary>
    public void Record(HostOutcome outcome)
    {
        if (outcome.Latency <= TimeSpan.Zero)
        {
            return;
        }

        Record(outcome.Latency, outcome.IsLocalOrigin || outcome.StatusCode >= 500, Stopwatch.GetTimestamp());
    }

    /// <summary>Records a sample taken at Stopwatch timestamp <paramref name="now"/>.</summary>
    internal void Record(TimeSpan latency, bool failed, long now)
    {
        var sample = latency.TotalSeconds * Stopwatch.Frequency;
        lock (_lock)
        {
            if (_stamp == 0)
            {
                _latencyTicks = sample;
                _failures = failed ? 1 : 0;
            }
            else
            {
                var keep = Math.Exp(-Math.Max(0, now - _stamp) / DecayTicks);
                _latencyTicks = sample > _latencyTicks ? sample : (_latencyTicks * keep) + (sample * (1 - keep));
                _failures = (_failures * (1 - FailureSampleWeight)) + (failed ? FailureSampleWeight : 0);
            }

            Volatile.Write(ref _stamp, Math.Max(now, 1));
        }
    }

    /// <summary>
    /// The estimate at Stopwatch timestamp <paramref name="now"/>: the latency in Stopwatch ticks and the failure
    /// fraction, both decayed for the time since the last sample. (0, 0) before any sample.
    /// </summary>
    public (double LatencyTicks, double Failures) Read(long now)
    {
        var stamp = Volatile.Read(ref _stamp);
        if (stamp == 0)
        {
            return (0, 0);
        }

        var keep = Math.Exp(-Math.Max(0, now - stamp) / DecayTicks);
        return (Volatile.Read(ref _latencyTicks) * keep, Volatile.Read(ref _failures) * keep);
    }
}
