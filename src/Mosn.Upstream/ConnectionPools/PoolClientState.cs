namespace Mosn.Upstream.ConnectionPools;

/// <summary>Where a pooled connection is in its life. Changed only under the pool's lock.</summary>
internal enum PoolClientState
{
    /// <summary>Carrying a stream, or taken out of the pool to be closed.</summary>
    Busy,
    /// <summary>In the idle list, ready for the next stream.</summary>
    Idle,
    /// <summary>The connection raised its close event; the pool has forgotten it.</summary>
    Closed,
}
