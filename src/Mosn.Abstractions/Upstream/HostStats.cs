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
}
