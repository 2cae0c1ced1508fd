using System.Buffers;
using System.Net;
using System.Text;
using Mosn.Abstractions.Network;

namespace Mosn.Testing;

/// <summary>An in-memory <see cref="IConnection"/> that captures written bytes and records read-disable and close calls.</summary>
public sealed class FakeConnection : IConnection
{
    private readonly Lock _gate = new();
    private readonly List<IConnectionEventListener> _listeners = [];
    private readonly ArrayBufferWriter<byte> _written = new();
    private bool _inWrite;

    public ulong Id => 42;

    public EndPoint? LocalAddress => null;

    public EndPoint? RemoteAddress => null;

    public ConnectionState State { get; private set; } = ConnectionState.Active;

    public long BufferLimit => 1 << 20;

    public TimeSpan IdleTimeout { get; set; }

    public int ReadDisableCount { get; private set; }

    /// <summary>Reading went from disabled to enabled: the real connection would re-deliver the buffered bytes.</summary>
    public bool RedeliveryRequested { get; set; }

    public int TotalDisableCalls { get; private set; }

    public ConnectionCloseType? ClosedWith { get; private set; }

    public bool ReadEnabled => ReadDisableCount == 0;

    public Task Completion => Task.CompletedTask;

    public long BytesRead => 0;

    public long BytesWritten => _written.WrittenCount;

    public string WrittenText
    {
        get
        {
            lock (_gate)
            {
                return Encoding.Latin1.GetString(_written.WrittenSpan);
            }
        }
    }

    public byte[] WrittenBytes
    {
        get
        {
            lock (_gate)
            {
                return _written.WrittenSpan.ToArray();
            }
        }
    }

    public void ClearWritten()
    {
        lock (_gate)
        {
            _written.Clear();
        }
    }

    public void AddConnectionEventListener(IConnectionEventListener listener) => _listeners.Add(listener);

    public void AddReadFilter(IReadFilter filter) => throw new NotSupportedException();

    public void AddWriteFilter(IWriteFilter filter) => throw new NotSupportedException();

    public void Start()
    {
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        var writer = BeginWrite();
        writer.Write(data);
        EndWrite();
    }

    public void Write(in ReadOnlySequence<byte> data)
    {
        var writer = BeginWrite();
        foreach (var segment in data)
        {
            writer.Write(segment.Span);
        }

        EndWrite();
    }

    public IBufferWriter<byte> BeginWrite()
    {
        _gate.Enter();
        if (_inWrite)
        {
            throw new InvalidOperationException("BeginWrite while a write is in progress.");
        }

        _inWrite = true;
        return State == ConnectionState.Closed ? new ArrayBufferWriter<byte>() : _written;
    }

    /// <summary>Raise the high-watermark event from inside the next <see cref="EndWrite"/>, as a real connection does when its buffer fills.</summary>
    public bool RaiseAboveInNextEndWrite { get; set; }

    public void EndWrite()
    {
        _inWrite = false;
        _gate.Exit();
        if (RaiseAboveInNextEndWrite)
        {
            RaiseAboveInNextEndWrite = false;
            RaiseHighWatermark();
        }
    }

    public void ReadDisable(bool disable)
    {
        if (disable)
        {
            ReadDisableCount++;
            TotalDisableCalls++;
            return;
        }

        if (ReadDisableCount == 0)
        {
            throw new InvalidOperationException("Unbalanced ReadDisable(false).");
        }

        if (--ReadDisableCount == 0)
        {
            RedeliveryRequested = true;
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
        foreach (var listener in _listeners.ToArray())
        {
            listener.OnEvent(reason);
        }
    }

    public void RaiseLowWatermark()
    {
        foreach (var listener in _listeners.ToArray())
        {
            listener.OnBelowWriteBufferLowWatermark();
        }
    }

    public void RaiseHighWatermark()
    {
        foreach (var listener in _listeners.ToArray())
        {
            listener.OnAboveWriteBufferHighWatermark();
        }
    }
}
