using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Config;
using Mosn.Upstream.Clusters;

namespace Mosn.Upstream.HealthChecking;

/// <summary>
/// The active check of one host: after <c>initial_delay_seconds</c>, probes the host with its session, then waits
/// <c>interval</c> plus a random part of <c>interval_jitter</c> and probes again. A probe that does not finish within
/// <c>timeout</c> fails. <c>unhealthy_threshold</c> consecutive failures set <see cref="HostHealthFlags.FailedActiveCheck"/>;
/// <c>healthy_threshold</c> consecutive successes clear it (MOSN's counting: only failures of a healthy host and
/// successes of a failed host count toward a change).
/// </summary>
/// <remarks>
/// Threading: one probe at a time, driven by a one-shot <see cref="TimeProvider"/> timer re-armed after each probe, so
/// probes never overlap. <see cref="Stop"/> may be called from any thread; a probe in flight then finishes without
/// effect. The state change callback runs on the probe's completion thread, holding no lock.
/// </remarks>
internal sealed class HostHealthChecker
{
    private readonly Host _host;
    private readonly IHealthCheckSession _session;
    private readonly HealthCheckConfig _config;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private readonly Action _onHealthChanged;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private volatile bool _stopped;
    private int _successes;
    private int _failures;

    /// <summary>Creates the checker of <paramref name="host"/> (not started).</summary>
    /// <param name="host">The host whose <see cref="HostHealthFlags.FailedActiveCheck"/> flag this checker owns.</param>
    /// <param name="session">The probe.</param>
    /// <param name="config">Intervals and thresholds.</param>
    /// <param name="timeout">Longest time one probe may take.</param>
    /// <param name="timeProvider">Drives the timers.</param>
    /// <param name="onHealthChanged">Called after the flag changed.</param>
    /// <param name="logger">Logs changes.</param>
    public HostHealthChecker(Host host, IHealthCheckSession session, HealthCheckConfig config, TimeSpan timeout,
        TimeProvider timeProvider, Action onHealthChanged, ILogger logger)
    {
        _timeout = timeout;
        _host = host;
        _session = session;
        _config = config;
        _timeProvider = timeProvider;
        _onHealthChanged = onHealthChanged;
        _logger = logger;
    }

    /// <summary>The host checked.</summary>
    public Host Host => _host;

    /// <summary>Schedules the first probe after the initial delay. Call once.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (!_stopped)
            {
                _timer = _timeProvider.CreateTimer(static s => ((HostHealthChecker)s!).OnTimer(), this, _config.InitialDelay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>
    /// Stops probing and disposes a session that holds resources (a kept heartbeat connection); a probe in flight ends
    /// without effect. Idempotent; thread-safe.
    /// </summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
            _timer?.Dispose();
            _timer = null;
        }

        (_session as IDisposable)?.Dispose();
    }

    private void OnTimer()
    {
        if (!_stopped)
        {
            _ = ProbeAsync();
        }
    }

    private async Task ProbeAsync()
    {
        bool healthy;
        using (var timeout = new CancellationTokenSource(_timeout, _timeProvider))
        {
            try
            {
                healthy = await _session.CheckAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A session must report failures as false; a throw is a bug there, counted as a failed probe so the
                // checker keeps running.
                HealthCheckLog.ProbeThrew(_logger, ex, _host.Cluster.Name, _host.Address);
                healthy = false;
            }

            healthy &= !timeout.IsCancellationRequested;
        }

        if (_stopped)
        {
            return;
        }

        OnResult(healthy);
        lock (_lock)
        {
            _timer?.Change(NextInterval(), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Applies one probe result (also used by tests to drive the thresholds without a session).</summary>
    internal void OnResult(bool healthy)
    {
        _host.Stats.OnHealthCheck(healthy);
        _host.Cluster.Stats.OnHealthCheck(healthy);
        var health = _host.Health;
        var changed = false;
        if (healthy)
        {
            _failures = 0;
            if (health.Has(HostHealthFlags.FailedActiveCheck) && ++_successes >= _config.HealthyThreshold)
            {
                _successes = 0;
                changed = health.Update(HostHealthFlags.FailedActiveCheck, set: false);
                if (changed)
                {
                    HealthCheckLog.Healthy(_logger, _host.Cluster.Name, _host.Address);
                }
            }
        }
        else
        {
            _successes = 0;
            if (!health.Has(HostHealthFlags.FailedActiveCheck) && ++_failures >= _config.UnhealthyThreshold)
            {
                _failures = 0;
                changed = health.Update(HostHealthFlags.FailedActiveCheck, set: true);
                if (changed)
                {
                    HealthCheckLog.Unhealthy(_logger, _host.Cluster.Name, _host.Address, _config.UnhealthyThreshold);
                }
            }
        }

        if (changed)
        {
            _onHealthChanged();
        }
    }

    private TimeSpan NextInterval()
    {
        var jitter = _config.IntervalJitter;
        return jitter > TimeSpan.Zero
            ? _config.Interval + TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * jitter.Ticks))
            : _config.Interval;
    }
}
