namespace Mosn.Proxy;

/// <summary>Process-wide proxy counters (exported by the admin API later).</summary>
public sealed class ProxyStats
{
    private long _downstreamConnections;
    private long _downstreamConnectionsActive;
    private long _requests;
    private long _requestsActive;
    private long _localReplies;
    private long _retries;
    private long _timeouts;
    private long _upstreamResets;
    private long _protocolDetectionFailures;
    private long _noRoute;
    private long _noHealthyUpstream;
    private long _upstreamOverflows;
    private long _retryOverflows;

    /// <summary>The counters.</summary>
    public static ProxyStats Instance { get; } = new();

    /// <summary>Downstream connections accepted.</summary>
    public long DownstreamConnections => Interlocked.Read(ref _downstreamConnections);
    /// <summary>Downstream connections open.</summary>
    public long DownstreamConnectionsActive => Interlocked.Read(ref _downstreamConnectionsActive);
    /// <summary>Requests received.</summary>
    public long Requests => Interlocked.Read(ref _requests);
    /// <summary>Requests in flight.</summary>
    public long RequestsActive => Interlocked.Read(ref _requestsActive);
    /// <summary>Responses the proxy produced itself.</summary>
    public long LocalReplies => Interlocked.Read(ref _localReplies);
    /// <summary>Retries.</summary>
    public long Retries => Interlocked.Read(ref _retries);
    /// <summary>Global or per-try timeouts.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);
    /// <summary>Upstream streams reset.</summary>
    public long UpstreamResets => Interlocked.Read(ref _upstreamResets);
    /// <summary>Connections whose protocol could not be detected.</summary>
    public long ProtocolDetectionFailures => Interlocked.Read(ref _protocolDetectionFailures);
    /// <summary>Requests with no matching route.</summary>
    public long NoRoute => Interlocked.Read(ref _noRoute);
    /// <summary>Requests with no healthy upstream host.</summary>
    public long NoHealthyUpstream => Interlocked.Read(ref _noHealthyUpstream);
    /// <summary>Requests answered 503 at once by the <c>max_requests</c> circuit breaker.</summary>
    public long UpstreamOverflows => Interlocked.Read(ref _upstreamOverflows);
    /// <summary>Retries not made because of the <c>max_retries</c> circuit breaker.</summary>
    public long RetryOverflows => Interlocked.Read(ref _retryOverflows);

    internal void OnDownstreamConnection() { Interlocked.Increment(ref _downstreamConnections); Interlocked.Increment(ref _downstreamConnectionsActive); }
    internal void OnDownstreamConnectionClosed() => Interlocked.Decrement(ref _downstreamConnectionsActive);
    internal void OnRequest() { Interlocked.Increment(ref _requests); Interlocked.Increment(ref _requestsActive); }
    internal void OnRequestDone() => Interlocked.Decrement(ref _requestsActive);
    internal void OnLocalReply() => Interlocked.Increment(ref _localReplies);
    internal void OnRetry() => Interlocked.Increment(ref _retries);
    internal void OnTimeout() => Interlocked.Increment(ref _timeouts);
    internal void OnUpstreamReset() => Interlocked.Increment(ref _upstreamResets);
    internal void OnProtocolDetectionFailure() => Interlocked.Increment(ref _protocolDetectionFailures);
    internal void OnNoRoute() => Interlocked.Increment(ref _noRoute);
    internal void OnNoHealthyUpstream() => Interlocked.Increment(ref _noHealthyUpstream);
    internal void OnUpstreamOverflow() => Interlocked.Increment(ref _upstreamOverflows);
    internal void OnRetryOverflow() => Interlocked.Increment(ref _retryOverflows);
}
