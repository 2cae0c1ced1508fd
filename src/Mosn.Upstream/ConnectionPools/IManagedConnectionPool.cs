using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.ConnectionPools;

/// <summary>
/// What the <see cref="ClusterManager"/> needs of a pool beyond <see cref="IConnectionPool"/>, whatever the pool's kind
/// (ping-pong or multiplexed): follow a cluster update, and tell whether it was drained.
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
}
