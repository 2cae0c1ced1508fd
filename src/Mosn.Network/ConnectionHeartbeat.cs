using System.Collections.Concurrent;
using Mosn.Abstractions.Network;

namespace Mosn.Network;

/// <summary>
/// One process-wide timer (every 250 ms) for the connections' deadlines: idle past <see cref="IConnection.IdleTimeout"/>,
/// unsent bytes still waiting at close, a lingering close that has lasted long enough (see
/// <see cref="SocketConnection.OnHeartbeat"/>). One timer for all connections instead of one per connection: a
/// connection's activity is just a timestamp write.
/// </summary>
internal sealed class ConnectionHeartbeat
{
    public static readonly ConnectionHeartbeat Instance = new();

    private readonly ConcurrentDictionary<ulong, SocketConnection> _connections = new();
    private Timer? _timer;

    public void Register(SocketConnection connection)
    {
        _connections[connection.Id] = connection;
        if (_timer is null)
        {
            var timer = new Timer(static s => ((ConnectionHeartbeat)s!).Tick(), this, Timeout.Infinite, Timeout.Infinite);
            if (Interlocked.CompareExchange(ref _timer, timer, null) is null)
            {
                timer.Change(250, 250);
            }
            else
            {
                timer.Dispose();
            }
        }
    }

    public void Unregister(SocketConnection connection) => _connections.TryRemove(connection.Id, out _);

    private void Tick()
    {
        var now = Environment.TickCount64;
        foreach (var (_, connection) in _connections)
        {
            if (connection.OnHeartbeat(now))
            {
                _connections.TryRemove(connection.Id, out _);
            }
        }
    }
}
