using System.Net;
using Mosn.Abstractions.Network;

namespace Mosn.Upstream.Tests.Fakes;

/// <summary>An in-memory <see cref="IConnection"/>: records what the pool does and lets tests raise events.</summary>
public sealed class FakeConnection : IConnection
{
    private static ulong s_nextId;
    private readonly List<IConnectionEventListener> _listeners = [];
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();

    public FakeConnection(EndPoint remote, long bufferLimit)
    {
        Id = Interlocked.Increment(ref s_nextId);
        RemoteAddress = remote;
        BufferLimit = bufferLimit;
    }

    public ulong Id { get; }
    public EndPoint? LocalAddress => null;
    public EndPoint? RemoteAddress { get; }
    public EndPoint? OriginalDestination { get; init; }
    public ConnectionState State { get; private set; } = ConnectionState.Init;
    public long BufferLimit { get; }
    public TimeSpan IdleTimeout { get; set; }
    public List<IReadFilter> ReadFilters { get; } = [];
    public ConnectionEvent? CloseReason { get; private set; }
    public ConnectionCloseType? CloseType { get; private set; }

    /// <summary>When set, <see cref="Start"/> closes the connection at once with this event (a peer that hangs up immediately).</summary>
    public ConnectionEvent? CloseOnStart { get; set; }

    public void AddConnectionEventListener(IConnectionEventListener listener) => _listeners.Add(listener);
    public void AddReadFilter(IReadFilter filter) => ReadFilters.Add(filter);
    public void AddWriteFilter(IWriteFilter filter) { }

    public void Start()
    {
        State = ConnectionState.Active;
        foreach (var filter in ReadFilters)
        {
            filter.OnNewConnection();
        }

        if (CloseOnStart is { } reason)
        {
            Close(ConnectionCloseType.NoFlush, reason);
        }
    }

    /// <summary>Bytes written, in order.</summary>
    public List<byte[]> Writes { get; } = [];

    public void Write(ReadOnlySpan<byte> data) { lock (Writes) { Writes.Add(data.ToArray()); } }
    public void Write(in ReadOnlySequence<byte> data) { lock (Writes) { Writes.Add(data.ToArray()); } }
    public IBufferWriter<byte> BeginWrite() => new ArrayBufferWriter<byte>();
    public void EndWrite() { }
    public void ReadDisable(bool disable) { }
    public bool ReadEnabled => true;

    public void Close(ConnectionCloseType type, ConnectionEvent reason = ConnectionEvent.LocalClose)
    {
        lock (_lock)
        {
            if (State == ConnectionState.Closed)
            {
                return;
            }

            State = ConnectionState.Closed;
            CloseReason = reason;
            CloseType = type;
        }

        foreach (var listener in _listeners)
        {
            listener.OnEvent(reason);
        }

        _completion.TrySetResult();
    }

    /// <summary>The upstream hung up.</summary>
    public void CloseFromRemote() => Close(ConnectionCloseType.NoFlush, ConnectionEvent.RemoteClose);

    /// <summary>Presents bytes to the read filters, as the read loop would.</summary>
    public void Deliver(ReadOnlySequence<byte> bytes)
    {
        var buffer = new ReadBuffer();
        buffer.Reset(bytes, endOfStream: false);
        foreach (var filter in ReadFilters)
        {
            if (filter.OnData(buffer) == FilterStatus.StopIteration)
            {
                break;
            }
        }
    }

    public Task Completion => _completion.Task;
    public long BytesRead => 0;
    public long BytesWritten => 0;
}
