using Mosn.Abstractions.Network;
using Mosn.Abstractions.Streams;

namespace Mosn.Upstream.ConnectionPools;

/// <summary>
/// One upstream connection of a <see cref="MultiplexConnectionPool"/> with its client stream connection. Relays the
/// stream connection's callbacks and the connection's close event to the pool.
/// </summary>
/// <remarks>
/// The state properties (<see cref="Ready"/>, <see cref="Retired"/>, <see cref="Idle"/>, <see cref="Closed"/>,
/// <see cref="StreamCount"/>) are read and written only under the pool's lock. Callbacks arrive on the connection's I/O
/// threads, or on the thread that resets a stream.
/// </remarks>
internal sealed class MultiplexPoolClient : IClientStreamConnectionCallbacks, IConnectionEventListener
{
    private readonly MultiplexConnectionPool _pool;
    private IClientStreamConnection? _streamConnection;

    public MultiplexPoolClient(MultiplexConnectionPool pool, IConnection connection)
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

    /// <summary>Started and in the pool's list: streams may be put on it (pool lock).</summary>
    public bool Ready { get; set; }

    /// <summary>Takes no new streams (GOAWAY, <c>max_request_per_conn</c> reached, pool draining); closes once idle (pool lock).</summary>
    public bool Retired { get; set; }

    /// <summary>Carries no stream; the cluster's idle timeout is armed on <see cref="Connection"/> (pool lock).</summary>
    public bool Idle { get; set; }

    /// <summary>The connection raised its close event; the pool has forgotten it (pool lock).</summary>
    public bool Closed { get; set; }

    /// <summary>Streams started on this connection so far (pool lock).</summary>
    public int StreamCount { get; set; }

    /// <summary>True when the connection can carry one more stream right now (asks the protocol; pool lock).</summary>
    public bool CanStartStream => !Retired && Connection.State == ConnectionState.Active && StreamConnection.CanStartStream;

    /// <summary>Closes the connection after what is already written; the close event then removes it from the pool.</summary>
    public void Close() => Connection.Close(ConnectionCloseType.FlushWrite);

    /// <inheritdoc />
    public void OnGoAway() => _pool.OnGoAway(this);

    /// <inheritdoc />
    /// <remarks>A multiplexed protocol raises it for every stream that leaves the connection, reset ones included.</remarks>
    public void OnStreamComplete() => _pool.OnStreamEnded(this);

    /// <inheritdoc />
    public void OnEvent(ConnectionEvent connectionEvent)
    {
        if (connectionEvent.IsClose())
        {
            _pool.OnConnectionClosed(this, connectionEvent);
        }
    }
}
