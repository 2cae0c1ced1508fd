using Mosn.Abstractions.Network;
using Mosn.Abstractions.Streams;

namespace Mosn.Upstream.ConnectionPools;

/// <summary>
/// One upstream connection of a <see cref="PingPongConnectionPool"/> with its client stream connection. Relays the
/// stream connection's callbacks and the connection's close event to the pool.
/// </summary>
/// <remarks>
/// <see cref="State"/>, <see cref="RequestCount"/> and <see cref="GoAwayReceived"/> are read and written only under the
/// pool's lock. Callbacks arrive on the connection's I/O threads.
/// </remarks>
internal sealed class PoolClient : IClientStreamConnectionCallbacks, IConnectionEventListener
{
    private readonly PingPongConnectionPool _pool;
    private IClientStreamConnection? _streamConnection;

    public PoolClient(PingPongConnectionPool pool, IConnection connection)
    {
        _pool = pool;
        Connection = connection;
    }

    /// <summary>The upstream connection.</summary>
    public IConnection Connection { get; }

    /// <summary>The protocol's client side on <see cref="Connection"/> (set once, right after construction).</summary>
    public IClientStreamConnection StreamConnection
    {
        get => _streamConnection ?? throw new InvalidOperationException("The stream connection is not attached yet.");
        set => _streamConnection = value;
    }

    /// <summary>Busy, idle or closed (pool lock).</summary>
    public PoolClientState State { get; set; } = PoolClientState.Busy;

    /// <summary>Streams started on this connection (pool lock).</summary>
    public int RequestCount { get; set; }

    /// <summary>The peer said it takes no more streams (pool lock).</summary>
    public bool GoAwayReceived { get; set; }

    /// <summary>True when the connection can carry one more stream right now.</summary>
    public bool CanStartStream => !GoAwayReceived && Connection.State == ConnectionState.Active && StreamConnection.CanStartStream;

    /// <summary>Closes the connection after what is already written; the close event then removes it from the pool.</summary>
    public void Close() => Connection.Close(ConnectionCloseType.FlushWrite);

    /// <inheritdoc />
    public void OnGoAway() => _pool.OnGoAway(this);

    /// <inheritdoc />
    public void OnStreamComplete() => _pool.OnStreamComplete(this);

    /// <inheritdoc />
    public void OnEvent(ConnectionEvent connectionEvent)
    {
        if (connectionEvent.IsClose())
        {
            _pool.OnConnectionClosed(this, connectionEvent);
        }
    }
}
