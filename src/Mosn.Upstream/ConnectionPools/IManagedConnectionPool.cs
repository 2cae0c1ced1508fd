using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.ConnectionPools;

/// <summary>
/// What the <see cref="ClusterManager"/> needs of a pool beyond <see cref="IConnectionPool"/>, whatever the pool's kind
/// (ping-pong or multiplexed): follow a cluster update, tell whether it was drained, keep connections preconnected. Its
/// gauges for the admin: <see cref="IConnectionPool.ConnectionCount"/>, <see cref="IConnectionPool.IdleCount"/>,
/// <see cref="Preconnects"/>.
/// </summary>
internal interface IManagedConnectionPool : IConnectionPool
{
    /// <summary>True once <see cref="IConnectionPool.Drain"/> was called.</summary>
    bool IsDraining { get; }

    /// <summary>
    /// Points the pool at a newer version of the same host (same address, updated cluster settings). Connections
    /// already open keep going; new ones and later limits use the new settings. Thread-safe.
    /// </summary>
    void UpdateHost(IHost host);

    /// <summary>
    /// Connections the pool keeps open and ready (the cluster's <c>min_connections</c>; 0: none, the default): they are
    /// opened now, re-opened when one closes (after a failed connect, retried after a growing delay), and exempt from the
    /// idle timeout while the pool holds no more than this many. Bounded by <c>max_connections</c>. Not applied to a
    /// draining pool. Thread-safe.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    void SetMinConnections(int count);

    /// <summary>The minimum set by <see cref="SetMinConnections"/>.</summary>
    int MinConnections { get; }

    /// <summary>Requests waiting for a connection (or a stream slot) of this pool.</summary>
    int PendingCount { get; }

    /// <summary>Connections opened by preconnect (warm-up or replacement) rather than for a waiting request; a counter.</summary>
    long Preconnects { get; }
}
