using Mosn.Abstractions.Config;
using Mosn.Abstractions.Upstream;
using Mosn.Upstream.Clusters;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>
/// The slow-start factors of one balancer's hosts (<c>slow_start</c>, MOSN's duration mode): host <c>i</c>'s weight is
/// scaled by <see cref="Factor"/>, <c>max(min_weight_percent, timeFactor^(1 / aggression))</c> with
/// <c>timeFactor = max(1 s, now - activeSince) / window</c>, and 1 once its window is over. The factor is computed from
/// the clock at each call, so an EDF balancer that re-reads the weight of the host it just picked follows the ramp
/// without being rebuilt; once every host's window is over <see cref="InWindow"/> turns false for good and the balancer
/// goes back to its fast path.
/// </summary>
/// <remarks>
/// Immutable but for a latch; thread-safe and allocation-free. The "active since" timestamps are read once, when the
/// balancer is built: a host becomes active by joining the cluster (a new cluster version) or by returning to health
/// (a health rebuild), and both build a new balancer.
/// </remarks>
internal sealed class SlowStartWeights
{
    private readonly long[] _activeSince; // by host index; HostHealth.ActiveForever: full weight
    private readonly TimeProvider _clock;
    private readonly double _window; // in timestamp units
    private readonly double _floor; // 1 s in timestamp units, as MOSN counts
    private readonly double _inverseAggression;
    private readonly double _minWeight;
    private readonly long _endsAt;
    private volatile bool _over;

    /// <summary>Factors for hosts that became active at <paramref name="activeSince"/> (by index; <see cref="HostHealth.ActiveForever"/>: full weight).</summary>
    /// <exception cref="ArgumentException">The window is not positive, or the aggression is not positive.</exception>
    public SlowStartWeights(ReadOnlySpan<long> activeSince, SlowStartConfig config, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(clock);
        if (config.Duration <= TimeSpan.Zero || !(config.Aggression > 0))
        {
            throw new ArgumentException("slow_start needs a positive slow_start_duration and aggression.", nameof(config));
        }

        _activeSince = activeSince.ToArray();
        _clock = clock;
        var perTick = clock.TimestampFrequency / (double)TimeSpan.TicksPerSecond;
        _window = config.Duration.Ticks * perTick;
        _floor = TimeSpan.TicksPerSecond * perTick;
        _inverseAggression = 1 / config.Aggression;
        _minWeight = Math.Clamp(config.MinWeightPercent, 0, 1);
        var window = (long)Math.Ceiling(_window);
        _endsAt = long.MinValue;
        foreach (var since in _activeSince)
        {
            if (since != HostHealth.ActiveForever)
            {
                _endsAt = Math.Max(_endsAt, since + window);
            }
        }

        _over = _endsAt == long.MinValue || clock.GetTimestamp() >= _endsAt;
    }

    /// <summary>True while some host is still inside its window; once false, false for good.</summary>
    public bool InWindow
    {
        get
        {
            if (_over)
            {
                return false;
            }

            if (_clock.GetTimestamp() < _endsAt)
            {
                return true;
            }

            _over = true;
            return false;
        }
    }

    /// <summary>
    /// The slow-start weights of <paramref name="hosts"/> in <paramref name="cluster"/>; null when the cluster has no
    /// <c>slow_start</c>, fewer than two hosts, or no host inside its window now (the balancer then needs none).
    /// </summary>
    public static SlowStartWeights? For(IHost[] hosts, IClusterInfo? cluster)
    {
        if (hosts.Length < 2 || cluster is not ClusterInfo { SlowStart: { } config } info)
        {
            return null;
        }

        Span<long> since = hosts.Length <= 128 ? stackalloc long[hosts.Length] : new long[hosts.Length];
        for (var i = 0; i < hosts.Length; i++)
        {
            since[i] = hosts[i] is Host host ? host.Health.ActiveSinceTimestamp : HostHealth.ActiveForever;
        }

        var weights = new SlowStartWeights(since, config, info.TimeProvider);
        return weights.InWindow ? weights : null;
    }

    /// <summary>The factor (from <c>min_weight_percent</c> to 1) host <paramref name="index"/>'s weight is multiplied by now.</summary>
    public double Factor(int index)
    {
        var since = _activeSince[index];
        if (since == HostHealth.ActiveForever)
        {
            return 1;
        }

        double elapsed = _clock.GetTimestamp() - since;
        if (elapsed >= _window)
        {
            return 1;
        }

        var time = Math.Min(1, Math.Max(elapsed, _floor) / _window);
        if (_inverseAggression != 1)
        {
            time = Math.Pow(time, _inverseAggression);
        }

        return Math.Max(time, _minWeight);
    }
}
