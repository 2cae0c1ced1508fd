using System.Buffers;
using System.Net;
using Mosn.Abstractions.Network;

namespace Mosn.Filters.Tests.Fakes;

/// <summary>An in-memory <see cref="IConnection"/> that records what is done to it; events are raised by the test.</summary>
public sealed class FakeConnection : IConnection
{
    private static long s_nextId = 1_000_000;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ArrayBufferWriter<byte> _written = new();

    public ulong Id { get; } = (ulong)Interlocked.Increment(ref s_nextId);

    public EndPoint? LocalAddress { get; set; } = new IPEndPoint(IPAddress.Loopback, 2045);

    public EndPoint? RemoteAddress { get; set; } = new IPEndPoint(IPAddress.Loopback, 50000);

    public ConnectionState State { get; private set; } = ConnectionState.Init;

    public long BufferLimit => 32 * 1024;

    public TimeSpan IdleTimeout { get; set; }

    public List<IConnectionEventListener> Listeners { get; } = [];

    public List<IReadFilter> ReadFilters { get; } = [];

    public int ReadDisableCount { get; private set; }

    public bool ReadEnabled => ReadDisableCount == 0;

    public ConnectionCloseType? ClosedWith { get; private set; }

    public byte[] Written => _written.WrittenSpan.ToArray();

    public Task Completion => _completion.Task;

    public long BytesRead => 0;

    public long BytesWritten => _written.WrittenCount;

    public void AddConnectionEventListener(IConnectionEventListener listener) => Listeners.Add(listener);

    public void AddReadFilter(IReadFilter filter) => ReadFilters.Add(filter);

    public void AddWriteFilter(IWriteFilter filter)
    {
    }

    public void Start()
    {
        State = ConnectionState.Active;
        foreach (var filter in ReadFilters)
        {
            if (filter.OnNewConnection() == FilterStatus.StopIteration)
            {
                break;
            }
        }
    }

    public void Write(ReadOnlySpan<byte> data) => _written.Write(data);

    public void Write(in ReadOnlySequence<byte> data)
    {
        foreach (var segment in data)
        {
            _written.Write(segment.Span);
        }
    }

    public IBufferWriter<byte> BeginWrite() => _written;

    public void EndWrite()
    {
    }

    public void ReadDisable(bool disable)
    {
        if (disable)
        {
            ReadDisableCount++;
        }
        else if (ReadDisableCount > 0)
        {
            ReadDisableCount--;
        }
    }

    public void Close(ConnectionCloseType type, ConnectionEvent reason = ConnectionEvent.LocalClose)
    {
        if (State == ConnectionState.Closed)
        {
            return;
        }

        State = ConnectionState.Closed;
        ClosedWith = type;
        Raise(reason);
        _completion.TrySetResult();
    }

    /// <summary>Presents <paramref name="data"/> to the read filters as the connection would.</summary>
    public ReadBuffer Receive(byte[] data)
    {
        var buffer = new ReadBuffer();
        buffer.Reset(new ReadOnlySequence<byte>(data), false);
        foreach (var filter in ReadFilters)
        {
            if (filter.OnData(buffer) == FilterStatus.StopIteration)
            {
                break;
            }
        }

        return buffer;
    }

    public void Raise(ConnectionEvent connectionEvent)
    {
        foreach (var listener in Listeners.ToArray())
        {
            listener.OnEvent(connectionEvent);
        }
    }

    public void RaiseAboveHighWatermark()
    {
        foreach (var listener in Listeners.ToArray())
        {
            listener.OnAboveWriteBufferHighWatermark();
        }
    }

    public void RaiseBelowLowWatermark()
    {
        foreach (var listener in Listeners.ToArray())
        {
            listener.OnBelowWriteBufferLowWatermark();
        }
    }
}
