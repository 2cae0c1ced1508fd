using Mosn.Abstractions.Network;

namespace Mosn.Admin;

/// <summary>
/// Byte counters of one listener's downstream connections, open and closed. Installed at the head of the listener's
/// filter chain: it adds no filter, only a connection event listener, so the data path pays nothing; the cost is one
/// short lock when a connection opens and when it closes.
/// </summary>
/// <remarks>Thread-safe. The totals only grow: a connection's bytes move from the open set to the closed totals under the lock.</remarks>
internal sealed class ListenerTraffic : IFilterChainFactory
{
    private readonly Lock _lock = new();
    private readonly HashSet<IConnection> _open = [];
    private long _closedBytesReceived;
    private long _closedBytesSent;

    /// <summary>Creates the counters of listener <paramref name="listenerName"/>.</summary>
    public ListenerTraffic(string listenerName) => ListenerName = listenerName;

    /// <summary>The listener's configured name.</summary>
    public string ListenerName { get; }

    /// <inheritdoc />
    public void CreateFilterChain(IConnection connection)
    {
        lock (_lock)
        {
            _open.Add(connection);
        }

        connection.AddConnectionEventListener(new ClosedListener(this, connection));
    }

    /// <summary>Bytes read from and written to the listener's connections since start.</summary>
    public (long Received, long Sent) Totals()
    {
        lock (_lock)
        {
            long received = _closedBytesReceived, sent = _closedBytesSent;
            foreach (var connection in _open)
            {
                received += connection.BytesRead;
                sent += connection.BytesWritten;
            }

            return (received, sent);
        }
    }

    private void OnClosed(IConnection connection)
    {
        lock (_lock)
        {
            if (_open.Remove(connection))
            {
                _closedBytesReceived += connection.BytesRead;
                _closedBytesSent += connection.BytesWritten;
            }
        }
    }

    private sealed class ClosedListener(ListenerTraffic owner, IConnection connection) : IConnectionEventListener
    {
        public void OnEvent(ConnectionEvent connectionEvent)
        {
            if (connectionEvent.IsClose() || connectionEvent == ConnectionEvent.OnShutdown)
            {
                owner.OnClosed(connection);
            }
        }
    }
}
