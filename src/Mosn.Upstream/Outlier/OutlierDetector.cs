using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Upstream;
using Mosn.Upstream.Clusters;

namespace Mosn.Upstream.Outlier;

/// <summary>
/// Envoy's outlier detection for one version of a cluster: the proxy reports each try's outcome;
/// a host reaching <c>consecutive_5xx</c>, <c>consecutive_gateway_failure</c> or (with
/// <c>split_external_local_origin_errors</c>) <c>consecutive_local_origin_failure</c> is ejected (marked
/// <see cref="HostHealthFlags.OutlierEjected"/>, so balancers skip it) unless that would eject more than
/// <c>max_ejection_percent</c> of the hosts (one host may always be ejected). Every <c>interval</c> the ejected hosts
/// whose time is up (<c>base_ejection_time</c> × times ejected, at most <c>max_ejection_time</c>) return, and the
/// multiplier of each host not ejected shrinks by one. Then the interval's requests are judged by success rate and
/// failure percentage (see <c>OutlierDetector.Rates.cs</c>), which eject the same way.
/// </summary>
/// <remarks>
/// <para>Threading: <see cref="OnOutcome"/> runs on any data-plane thread; counting is lock-free
/// (<see cref="Interlocked"/> on the host's <see cref="HostHealth"/>), only an ejection takes the detector's lock. The
/// interval review runs on a <see cref="TimeProvider"/> timer. <c>onHealthChanged</c> is called after each ejection or
/// return, outside the lock, on the thread that caused it.</para>
/// <para>Outcomes reported for a host already ejected are ignored (requests that were in flight). The ejection state
/// lives in <see cref="HostHealth"/>, so it survives cluster updates; the next version's detector takes it over.</para>
/// </remarks>
internal sealed partial class OutlierDetector : IOutcomeListener, IDisposable
{
    private const int AlwaysEnforced = 100;

    private readonly OutlierDetectionConfig _config;
    private readonly TimeProvider _timeProvider;
    private readonly Action _onHealthChanged;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly Lock _lock = new();
    private Host[] _hosts = [];
    // Per distinct host (by its HostHealth), built by Start and never changed after; null: rates are not judged.
    private volatile Dictionary<HostHealth, HostRequestCounters>? _counters;
    private ITimer? _timer;
    private bool _stopped;

    /// <summary>Creates a detector; it acts once <see cref="Start"/> gives it its hosts.</summary>
    /// <param name="config">The cluster's <c>outlier_detection</c>.</param>
    /// <param name="timeProvider">Clock for ejection times and the review interval.</param>
    /// <param name="onHealthChanged">Called when a host is ejected or returns (the cluster manager rebuilds the balancer).</param>
    /// <param name="logger">Logs ejections and returns.</param>
    /// <param name="random">Draws for <c>enforcing_*</c> percentages between 0 and 100 (tests: seeded); default shared.</param>
    public OutlierDetector(OutlierDetectionConfig config, TimeProvider timeProvider, Action onHealthChanged, ILogger logger, Random? random = null)
    {
        _config = config;
        _timeProvider = timeProvider;
        _onHealthChanged = onHealthChanged;
        _logger = logger;
        _random = random ?? Random.Shared;
    }

    /// <summary>Takes the cluster's hosts (each address once) and starts the review timer. Call once.</summary>
    public void Start(IEnumerable<Host> hosts)
    {
        lock (_lock)
        {
            _hosts = [.. hosts.DistinctBy(h => h.Health)];
            if (JudgesRates)
            {
                _counters = _hosts.ToDictionary<Host, HostHealth, HostRequestCounters>(h => h.Health, _ => new HostRequestCounters(), ReferenceEqualityComparer.Instance);
            }

            if (!_stopped)
            {
                _timer = _timeProvider.CreateTimer(static s => ((OutlierDetector)s!).OnInterval(), this, _config.Interval, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <inheritdoc />
    public void OnOutcome(Host host, HostOutcome outcome)
    {
        var health = host.Health;
        if (health.Has(HostHealthFlags.OutlierEjected))
        {
            return;
        }

        if (_counters is { } counters && counters.TryGetValue(health, out var volume))
        {
            Count(volume, outcome);
        }

        if (_config.SplitExternalLocalOriginErrors)
        {
            if (outcome.IsLocalOrigin)
            {
                var failures = Interlocked.Increment(ref health.ConsecutiveLocalOriginFailures);
                if (_config.ConsecutiveLocalOriginFailure > 0 && failures >= _config.ConsecutiveLocalOriginFailure)
                {
                    TryEject(host, _config.EnforcingConsecutiveLocalOriginFailure, "consecutive local-origin failures");
                }

                return;
            }

            // A response means the connection worked: the local-origin streak ends.
            if (Volatile.Read(ref health.ConsecutiveLocalOriginFailures) != 0)
            {
                Volatile.Write(ref health.ConsecutiveLocalOriginFailures, 0);
            }
        }

        var status = outcome.EffectiveStatusCode;
        if (status < 500)
        {
            if (Volatile.Read(ref health.Consecutive5xx) != 0 || Volatile.Read(ref health.ConsecutiveGatewayFailures) != 0)
            {
                Volatile.Write(ref health.Consecutive5xx, 0);
                Volatile.Write(ref health.ConsecutiveGatewayFailures, 0);
            }

            return;
        }

        if (status is 502 or 503 or 504)
        {
            var gateway = Interlocked.Increment(ref health.ConsecutiveGatewayFailures);
            if (_config.ConsecutiveGatewayFailure > 0 && gateway >= _config.ConsecutiveGatewayFailure
                && TryEject(host, _config.EnforcingConsecutiveGatewayFailure, "consecutive gateway failures"))
            {
                return;
            }
        }
        else if (Volatile.Read(ref health.ConsecutiveGatewayFailures) != 0)
        {
            Volatile.Write(ref health.ConsecutiveGatewayFailures, 0);
        }

        var errors = Interlocked.Increment(ref health.Consecutive5xx);
        if (_config.Consecutive5xx > 0 && errors >= _config.Consecutive5xx)
        {
            TryEject(host, _config.EnforcingConsecutive5xx, "consecutive 5xx");
        }
    }

    /// <summary>Stops the review timer; later outcomes still count but eject nothing new after a rebuild. Idempotent.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _stopped = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    private bool TryEject(Host host, int enforcingPercent, string reason)
    {
        var health = host.Health;
        lock (_lock)
        {
            if (_stopped || health.Has(HostHealthFlags.OutlierEjected))
            {
                return false;
            }

            if (enforcingPercent < AlwaysEnforced && (enforcingPercent <= 0 || _random.Next(AlwaysEnforced) >= enforcingPercent))
            {
                return false;
            }

            var ejected = 0;
            foreach (var other in _hosts)
            {
                if (other.Health.Has(HostHealthFlags.OutlierEjected))
                {
                    ejected++;
                }
            }

            // Envoy: one host may always be ejected; past that, never more than max_ejection_percent of the hosts.
            if (ejected > 0 && (ejected + 1) * 100L > (long)_config.MaxEjectionPercent * _hosts.Length)
            {
                return false;
            }

            health.EjectionMultiplier++;
            health.EjectedAtTimestamp = _timeProvider.GetTimestamp();
            health.ResetCounters();
            health.Update(HostHealthFlags.OutlierEjected, set: true);
            host.Stats.OnOutlierEjection();
            host.Cluster.Stats.OnOutlierEjection();
            OutlierLog.Ejected(_logger, host.Cluster.Name, host.Address, reason, EjectionTime(health));
        }

        _onHealthChanged();
        return true;
    }

    private TimeSpan EjectionTime(HostHealth health)
    {
        var ticks = Math.Min(_config.BaseEjectionTime.Ticks * (double)Math.Max(1, health.EjectionMultiplier), _config.MaxEjectionTime.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private void OnInterval()
    {
        var returned = false;
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            foreach (var host in _hosts)
            {
                var health = host.Health;
                if (health.Has(HostHealthFlags.OutlierEjected))
                {
                    if (_timeProvider.GetElapsedTime(health.EjectedAtTimestamp) >= EjectionTime(health))
                    {
                        health.ResetCounters();
                        health.Update(HostHealthFlags.OutlierEjected, set: false);
                        OutlierLog.Returned(_logger, host.Cluster.Name, host.Address);
                        returned = true;
                    }
                }
                else if (health.EjectionMultiplier > 0)
                {
                    health.EjectionMultiplier--;
                }
            }

            _timer?.Change(_config.Interval, Timeout.InfiniteTimeSpan);
        }

        if (returned)
        {
            _onHealthChanged();
        }

        JudgeRates();
    }
}
