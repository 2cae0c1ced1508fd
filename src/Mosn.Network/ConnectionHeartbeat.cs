using System.Collections.Concurrent;
using Mosn.Abstractions.Network;
using Mosn.Network.Unix;

namespace Mosn.Network;

/// <summary>
/// One process-wide tick (every 250 ms) for the connections' deadlines: idle past <see cref="IConnection.IdleTimeout"/>,
/// unsent bytes still waiting at close, a lingering close that has lasted long enough (see
/// <see cref="SocketConnection.OnHeartbeat"/>). One tick for all connections instead of a timer per connection: a
/// connection's activity is just a timestamp write.
/// </summary>
/// <remarks>
/// With our event loops (<see cref="EpollLoop.IsDefault"/>) the first loop runs the tick between its passes (its
/// <c>epoll_wait</c> returns by the next tick at the latest), so a busy proxy runs nothing on the thread pool: a
/// timer's firing would wake a pool thread four times a second, and a woken pool thread spins for a while looking for
/// more work, on the processors the loops need. Otherwise a <see cref="Timer"/> runs it.
/// </remarks>
internal sealed class ConnectionHeartbeat
{
    /// <summary>Milliseconds between ticks.</summary>
    public const int IntervalMilliseconds = 250;

    public static readonly ConnectionHeartbeat Instance = new();

    private readonly ConcurrentDictionary<ulong, SocketConnection> _connections = new();
    private Timer? _timer;
    private long _lastTick = Environment.TickCount64; // the loop-driven tick's last run (the driving loop's thread only)

    public void Register(SocketConnection connection)
    {
        _connections[connection.Id] = connection;
        if (EpollLoop.IsDefault)
        {
            EpollLoop.EnsureStarted(); // the first loop ticks
            return;
        }

        if (_timer is null)
        {
            var timer = new Timer(static s => ((ConnectionHeartbeat)s!).Tick(Environment.TickCount64), this, Timeout.Infinite, Timeout.Infinite);
            if (Interlocked.CompareExchange(ref _timer, timer, null) is null)
            {
                timer.Change(IntervalMilliseconds, IntervalMilliseconds);
            }
            else
            {
                timer.Dispose();
            }
        }
    }

    public void Unregister(SocketConnection connection) => _connections.TryRemove(connection.Id, out _);

    /// <summary>
    /// From the event loop that drives the tick, after each pass: ticks when the interval has passed. Returns the
    /// milliseconds until the next tick is due (the loop's wait timeout).
    /// </summary>
    public int TickIfDue()
    {
        var now = Environment.TickCount64;
        var elapsed = now - _lastTick;
        if (elapsed < IntervalMilliseconds)
        {
            return (int)(IntervalMilliseconds - elapsed);
        }

        _lastTick = now;
        Tick(now);
        return IntervalMilliseconds;
    }

    private void Tick(long now)
    {
        foreach (var (_, connection) in _connections)
        {
            if (connection.OnHeartbeat(now))
            {
                _connections.TryRemove(connection.Id, out _);
            }
        }
    }
}
