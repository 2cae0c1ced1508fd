namespace Mosn.Filters.TcpProxy;

/// <summary>
/// Counters of one configured <c>tcp_proxy</c> filter (one per filter entry in the config, shared by all its
/// connections). Thread-safe: counters are updated with interlocked operations and read with volatile reads.
/// </summary>
public sealed class TcpProxyStats
{
    private long _connectionsTotal;
    private long _activeConnections;
    private long _connectAttempts;
    private long _connectFailures;
    private long _connectionsFailed;
    private long _noRoute;
    private long _noHealthyUpstream;
    private long _bytesReceived;
    private long _bytesSent;

    /// <summary>Creates counters for the filter whose <c>stat_prefix</c> is <paramref name="statPrefix"/>.</summary>
    public TcpProxyStats(string statPrefix) => StatPrefix = statPrefix;

    /// <summary>The configured <c>stat_prefix</c>.</summary>
    public string StatPrefix { get; }

    /// <summary>Downstream connections handled since start.</summary>
    public long ConnectionsTotal => Volatile.Read(ref _connectionsTotal);

    /// <summary>Downstream connections open now.</summary>
    public long ActiveConnections => Volatile.Read(ref _activeConnections);

    /// <summary>Upstream connect attempts made.</summary>
    public long UpstreamConnectAttempts => Volatile.Read(ref _connectAttempts);

    /// <summary>Upstream connect attempts that failed (refused, unreachable, timed out).</summary>
    public long UpstreamConnectFailures => Volatile.Read(ref _connectFailures);

    /// <summary>Downstream connections closed because no upstream connection could be made (all attempts failed, no host, no route).</summary>
    public long ConnectionsFailed => Volatile.Read(ref _connectionsFailed);

    /// <summary>Downstream connections for which no route matched or the cluster did not exist.</summary>
    public long NoRoute => Volatile.Read(ref _noRoute);

    /// <summary>Connect attempts for which the load balancer had no healthy host.</summary>
    public long NoHealthyUpstream => Volatile.Read(ref _noHealthyUpstream);

    /// <summary>Bytes received from downstream clients and forwarded upstream.</summary>
    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    /// <summary>Bytes received from upstream hosts and forwarded to downstream clients.</summary>
    public long BytesSent => Volatile.Read(ref _bytesSent);

    internal void OnConnectionOpen()
    {
        Interlocked.Increment(ref _connectionsTotal);
        Interlocked.Increment(ref _activeConnections);
    }

    internal void OnConnectionClose() => Interlocked.Decrement(ref _activeConnections);

    internal void OnConnectAttempt() => Interlocked.Increment(ref _connectAttempts);

    internal void OnConnectFailure() => Interlocked.Increment(ref _connectFailures);

    internal void OnConnectionFailed() => Interlocked.Increment(ref _connectionsFailed);

    internal void OnNoRoute() => Interlocked.Increment(ref _noRoute);

    internal void OnNoHealthyUpstream() => Interlocked.Increment(ref _noHealthyUpstream);

    internal void AddBytesReceived(long count) => Interlocked.Add(ref _bytesReceived, count);

    internal void AddBytesSent(long count) => Interlocked.Add(ref _bytesSent, count);
}
