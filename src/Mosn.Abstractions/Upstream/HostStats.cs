namespace Mosn.Abstractions.Upstream;

/// <summary>Thread-safe counters of one upstream host (or of a whole cluster).</summary>
public sealed class HostStats
{
    private long _requests;
    private long _activeRequests;
    private long _connectFailures;
    private long _connectionsTotal;
    private long _activeConnections;
    private long _timeouts;
    private long _resets;
    private long _activeRetries;
    private long _retries;
    private long _requestOverflows;
    private long _retryOverflows;
    private long _healthChecks;
    private long _healthCheckFailures;
    private long _outlierEjections;
    private long _responseTimeMicros;
    private long _responseTimeSamples;

    /// <summary>Sum of the measured try latencies (request sent to response complete), in microseconds.</summary>
    public long ResponseTimeMicros => Volatile.Read(ref _responseTimeMicros);

    /// <summary>Number of tries whose latency is in <see cref="ResponseTimeMicros"/> (the mean is the quotient).</summary>
    public long ResponseTimeSamples => Volatile.Read(ref _responseTimeSamples);

    /// <summary>Adds one measured try latency. Non-positive values are ignored.</summary>
    public void OnResponseTime(TimeSpan latency)
    {
        if (latency <= TimeSpan.Zero)
        {
            return;
        }

        Interlocked.Add(ref _responseTimeMicros, latency.Ticks / TimeSpan.TicksPerMicrosecond);
        Interlocked.Increment(ref _responseTimeSamples);
    }

    /// <summary>Requests sent.</summary>
    public long Requests => Volatile.Read(ref _requests);
    /// <summary>Requests in flight.</summary>
    public long ActiveRequests => Volatile.Read(ref _activeRequests);
    /// <summary>Failed connect attempts.</summary>
    public long ConnectFailures => Volatile.Read(ref _connectFailures);
    /// <summary>Connections opened.</summary>
    public long ConnectionsTotal => Volatile.Read(ref _connectionsTotal);
    /// <summary>Connections open now.</summary>
    public long ActiveConnections => Volatile.Read(ref _activeConnections);
    /// <summary>Requests that timed out.</summary>
    public long Timeouts => Volatile.Read(ref _timeouts);
    /// <summary>Requests that ended in a reset.</summary>
    public long Resets => Volatile.Read(ref _resets);

    /// <summary>Counts a request start.</summary>
    public void OnRequestStart() { Interlocked.Increment(ref _requests); Interlocked.Increment(ref _activeRequests); }
    /// <summary>Counts a request end.</summary>
    public void OnRequestEnd() => Interlocked.Decrement(ref _activeRequests);
    /// <summary>Counts a failed connect.</summary>
    public void OnConnectFailure() => Interlocked.Increment(ref _connectFailures);
    /// <summary>Counts an opened connection.</summary>
    public void OnConnectionOpen() { Interlocked.Increment(ref _connectionsTotal); Interlocked.Increment(ref _activeConnections); }
    /// <summary>Counts a closed connection.</summary>
    public void OnConnectionClose() => Interlocked.Decrement(ref _activeConnections);
    /// <summary>Counts a timeout.</summary>
    public void OnTimeout() => Interlocked.Increment(ref _timeouts);
    /// <summary>Counts a reset.</summary>
    public void OnReset() => Interlocked.Increment(ref _resets);

    /// <summary>Retries sent so far.</summary>
    public long Retries => Volatile.Read(ref _retries);

    /// <summary>Retries of requests still in progress (what <c>max_retries</c> limits).</summary>
    public long ActiveRetries => Volatile.Read(ref _activeRetries);

    /// <summary>Requests answered at once with 503 because <c>max_requests</c> was reached.</summary>
    public long RequestOverflows => Volatile.Read(ref _requestOverflows);

    /// <summary>Retries not made because <c>max_retries</c> was reached.</summary>
    public long RetryOverflows => Volatile.Read(ref _retryOverflows);

    /// <summary>
    /// Takes a retry slot when fewer than <paramref name="maxRetries"/> retries are active (0: unlimited; negative: none allowed); the caller
    /// gives it back with <see cref="OnRetryEnd"/> when its request ends. False (and counted) when the limit is reached.
    /// </summary>
    public bool TryStartRetry(int maxRetries)
    {
        if (maxRetries < 0)
        {
            // A retry budget with no room (see IClusterInfo.RetryLimit).
            Interlocked.Increment(ref _retryOverflows);
            return false;
        }

        if (maxRetries > 0 && Interlocked.Increment(ref _activeRetries) > maxRetries)
        {
            Interlocked.Decrement(ref _activeRetries);
            Interlocked.Increment(ref _retryOverflows);
            return false;
        }

        if (maxRetries <= 0)
        {
            Interlocked.Increment(ref _activeRetries);
        }

        Interlocked.Increment(ref _retries);
        return true;
    }

    /// <summary>Gives back a slot taken by <see cref="TryStartRetry"/>.</summary>
    public void OnRetryEnd() => Interlocked.Decrement(ref _activeRetries);

    /// <summary>Counts a request refused for <c>max_requests</c>.</summary>
    public void OnRequestOverflow() => Interlocked.Increment(ref _requestOverflows);

    /// <summary>Active health checks run (for a cluster: over all its hosts).</summary>
    public long HealthChecks => Volatile.Read(ref _healthChecks);

    /// <summary>Active health checks that failed (refused, timed out, or an unexpected status).</summary>
    public long HealthCheckFailures => Volatile.Read(ref _healthCheckFailures);

    /// <summary>Times outlier detection ejected the host (for a cluster: any of its hosts).</summary>
    public long OutlierEjections => Volatile.Read(ref _outlierEjections);

    /// <summary>Counts one finished active health check; <paramref name="success"/> false also counts a failure.</summary>
    public void OnHealthCheck(bool success)
    {
        Interlocked.Increment(ref _healthChecks);
        if (!success)
        {
            Interlocked.Increment(ref _healthCheckFailures);
        }
    }

    /// <summary>Counts an outlier ejection.</summary>
    public void OnOutlierEjection() => Interlocked.Increment(ref _outlierEjections);
}
