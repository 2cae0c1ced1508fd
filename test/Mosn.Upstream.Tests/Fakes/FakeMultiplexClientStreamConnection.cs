using Mosn.Abstractions.Network;
using Mosn.Abstractions.Streams;

namespace Mosn.Upstream.Tests.Fakes;

/// <summary>
/// A multiplexed client stream connection the test drives, shaped like the HTTP/2 client: at most
/// <see cref="MaxConcurrentStreams"/> streams at once (a stream beyond it throws, so a pool that overshoots fails the
/// test), no new streams after GOAWAY, streams reset when the connection closes, and
/// <see cref="IClientStreamConnectionCallbacks.OnStreamComplete"/> for every stream that leaves, reset ones included.
/// Callbacks are raised outside its lock.
/// </summary>
public sealed class FakeMultiplexClientStreamConnection : IClientStreamConnection, IConnectionEventListener
{
    private readonly IClientStreamConnectionCallbacks _callbacks;
    private readonly List<FakeMultiplexStream> _active = [];
    private readonly Lock _lock = new();
    private ulong _nextId = 1;
    private bool _goAway;

    public FakeMultiplexClientStreamConnection(IConnection connection, IClientStreamConnectionCallbacks callbacks, string protocol, int maxConcurrentStreams)
    {
        Connection = connection;
        _callbacks = callbacks;
        Protocol = protocol;
        MaxConcurrentStreams = maxConcurrentStreams;
        // Registered before the pool's listener, as a real protocol that watches its connection would be.
        connection.AddConnectionEventListener(this);
    }

    public IConnection Connection { get; }
    public string Protocol { get; }
    public int MaxConcurrentStreams { get; set; }
    public int StreamsStarted { get; private set; }

    public int ActiveStreamCount
    {
        get
        {
            lock (_lock)
            {
                return _active.Count;
            }
        }
    }

    public bool CanStartStream
    {
        get
        {
            lock (_lock)
            {
                return !_goAway && Connection.State != ConnectionState.Closed && _active.Count < MaxConcurrentStreams;
            }
        }
    }

    /// <summary>Streams started and not ended, oldest first.</summary>
    public FakeMultiplexStream[] ActiveStreams
    {
        get
        {
            lock (_lock)
            {
                return [.. _active];
            }
        }
    }

    public IStreamSender NewStream(IStreamReceiver responseReceiver)
    {
        lock (_lock)
        {
            if (_active.Count >= MaxConcurrentStreams)
            {
                throw new InvalidOperationException($"Stream limit {MaxConcurrentStreams} exceeded.");
            }

            var stream = new FakeMultiplexStream(_nextId, this, responseReceiver);
            _nextId += 2;
            StreamsStarted++;
            _active.Add(stream);
            return stream;
        }
    }

    public void Dispatch(ReadBuffer buffer) => buffer.ConsumeAll();

    public void GoAway()
    {
        lock (_lock)
        {
            _goAway = true;
        }
    }

    /// <summary>The response of <paramref name="stream"/> ended cleanly.</summary>
    public void CompleteStream(FakeMultiplexStream stream)
    {
        if (Remove(stream))
        {
            _callbacks.OnStreamComplete();
        }
    }

    /// <summary>Ends the oldest active stream cleanly.</summary>
    public void CompleteOldest() => CompleteStream(ActiveStreams[0]);

    /// <summary>The peer sent GOAWAY: no new streams; streams above <paramref name="refusedAbove"/> are refused.</summary>
    public void ReceiveGoAway(ulong refusedAbove = ulong.MaxValue)
    {
        FakeMultiplexStream[] refused;
        lock (_lock)
        {
            _goAway = true;
            refused = _active.Where(s => s.Id > refusedAbove).ToArray();
        }

        _callbacks.OnGoAway();
        foreach (var stream in refused)
        {
            stream.ResetStream(StreamResetReason.RefusedStream);
        }
    }

    /// <inheritdoc />
    public void OnEvent(ConnectionEvent connectionEvent)
    {
        if (!connectionEvent.IsClose())
        {
            return;
        }

        foreach (var stream in ActiveStreams)
        {
            stream.ResetStream(StreamResetReason.ConnectionTermination);
        }
    }

    /// <summary>Tells the pool a stream left the connection (the HTTP/2 client raises this for resets too).</summary>
    internal void NotifyStreamLeft() => _callbacks.OnStreamComplete();

    /// <summary>Takes <paramref name="stream"/> out of the active set (before any callback, as the contract wants).</summary>
    internal bool Remove(FakeMultiplexStream stream)
    {
        lock (_lock)
        {
            return _active.Remove(stream);
        }
    }
}
