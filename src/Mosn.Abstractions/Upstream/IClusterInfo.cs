namespace Mosn.Abstractions.Upstream;

/// <summary>The static facts of a cluster, shared by its hosts. Immutable.</summary>
public interface IClusterInfo
{
    /// <summary>Cluster name.</summary>
    string Name { get; }
    /// <summary>Load balancer type as configured (e.g. <c>LB_RANDOM</c>).</summary>
    string LbType { get; }
    /// <summary>Upstream connect timeout.</summary>
    TimeSpan ConnectTimeout { get; }
    /// <summary>Close idle upstream connections after this long (zero: never).</summary>
    TimeSpan IdleTimeout { get; }
    /// <summary>Buffer limit of upstream connections.</summary>
    long ConnectionBufferLimitBytes { get; }
    /// <summary>Requests per upstream connection before it is retired (0: unlimited).</summary>
    int MaxRequestsPerConnection { get; }
    /// <summary>Most upstream connections per host (0: unlimited).</summary>
    int MaxConnections { get; }
    /// <summary>Circuit breaker <c>max_pending_requests</c>: most requests per host pool waiting for a connection (0: unlimited).</summary>
    int MaxPendingRequests => 0;

    /// <summary>Circuit breaker <c>max_requests</c>: most requests active on the cluster at once; past it the proxy answers 503 at once (0: unlimited).</summary>
    int MaxRequests => 0;

    /// <summary>Circuit breaker <c>max_retries</c>: most retries active on the cluster at once; past it failures are not retried (0: unlimited).</summary>
    int MaxRetries => 0;

    /// <summary>
    /// Retries the cluster allows in progress now: with a retry budget, max(min concurrency, budget% × active
    /// requests), −1 when that is zero; otherwise <see cref="MaxRetries"/> (0: unlimited).
    /// </summary>
    int RetryLimit(long activeRequests) => MaxRetries;

    /// <summary>Counters of the whole cluster.</summary>
    HostStats Stats { get; }
}
