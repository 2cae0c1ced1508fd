using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Network;

namespace Mosn.Network;

/// <summary>
/// <see cref="IConnection"/> over a Kestrel socket transport <see cref="ConnectionContext"/> (pooled memory, socket
/// receive/send loops, pipe backpressure). Used for accepted and for upstream connections alike.
/// </summary>
/// <remarks>
/// <para>Read side: one loop (<see cref="ReadLoopAsync"/>) takes bytes from the transport's input pipe and presents the
/// unconsumed bytes to the read filters. What the filters leave unconsumed stays in the pipe. While reading is
/// disabled the loop does not read from the pipe, so the pipe fills up to the buffer limit and the socket receive loop
/// stops (backpressure down to the TCP window). When reading is enabled again the buffered bytes are presented again.</para>
/// <para>Write side: writes are copied into the transport's output pipe under <c>_writeLock</c>. Only one flush is in
/// flight at a time; bytes written meanwhile go out with the next flush. A flush that does not complete synchronously
/// means the send buffer is above the limit: listeners get the high-watermark event, and the low-watermark event when
/// it drains.</para>
/// </remarks>
public sealed partial class SocketConnection : IConnection
{
    private static long s_nextId;

    private readonly ConnectionContext _context;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly ILogger _logger;
    private readonly ReadBuffer _readBuffer = new();
    private readonly List<IReadFilter> _readFilters = [];
    private readonly List<IWriteFilter> _writeFilters = [];
    private readonly List<IConnectionEventListener> _listeners = [];
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // The listener (and generation) serving this connection, told when it has closed: a field instead of a continuation
    // task per connection on Completion (less memory per idle connection).
    private SocketListener? _servedBy;
    private ListenerGeneration? _servedGeneration;

    private readonly Lock _writeLock = new();
    private ArrayBufferWriter<byte>? _staging;
    private bool _flushInFlight;
    private bool _flushPending;
    private bool _aboveHighWatermark;

    private readonly Lock _readLock = new();
    private int _readDisableCount;
    private int _enableEpoch;
    private TaskCompletionSource? _enableWaiter;
    private int _continueFromFilter;

    private volatile int _state; // ConnectionState
    private int _closeEventRaised;
    private bool _readLoopStarted;
    private long _bytesRead;
    private long _bytesWritten;
    private long _lastActivity = Environment.TickCount64;
    private TimeSpan _idleTimeout;
    private bool _heartbeatRegistered;
    private CancellationTokenSource? _linger; // set under _writeLock by a FlushWriteAndDelay close

    /// <summary>Longest a lingering close (<see cref="ConnectionCloseType.FlushWriteAndDelay"/>) keeps reading: nginx's <c>lingering_time</c>.</summary>
    internal static readonly TimeSpan LingerTime = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A lingering close ends when the peer sends nothing for this long. Shorter than nginx's <c>lingering_timeout</c>
    /// (5 s) because the FIN goes out only when the lingering ends (the transport closes both directions at once), so a
    /// peer waiting for the end of the stream waits this long.
    /// </summary>
    internal static readonly TimeSpan LingerIdleTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Wraps <paramref name="context"/>. The connection owns it and disposes it when closed.</summary>
    public SocketConnection(ConnectionContext context, long bufferLimit, ILogger logger)
    {
        _context = context;
        _input = context.Transport.Input;
        _output = context.Transport.Output;
        _logger = logger;
        BufferLimit = bufferLimit;
        Id = (ulong)Interlocked.Increment(ref s_nextId);
    }

    /// <inheritdoc />
    public ulong Id { get; }

    /// <inheritdoc />
    public EndPoint? LocalAddress => _context.LocalEndPoint;

    /// <inheritdoc />
    public EndPoint? RemoteAddress => _context.RemoteEndPoint;

    /// <inheritdoc />
    public ConnectionState State => (ConnectionState)_state;

    /// <inheritdoc />
    public long BufferLimit { get; }

    /// <inheritdoc />
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <inheritdoc />
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <inheritdoc />
    public Task Completion => _completion.Task;

    /// <inheritdoc />
    public TimeSpan IdleTimeout
    {
        get => _idleTimeout;
        set
        {
            _idleTimeout = value;
            Touch();

            // Registered once, on the first non-zero timeout, and left registered until close: pools toggle the timeout
            // on every request, and the heartbeat skips connections whose timeout is zero.
            if (value > TimeSpan.Zero && !_heartbeatRegistered)
            {
                _heartbeatRegistered = true;
                ConnectionHeartbeat.Instance.Register(this);
            }
        }
    }

    /// <inheritdoc />
    public bool ReadEnabled => Volatile.Read(ref _readDisableCount) == 0;

    /// <inheritdoc />
    public void AddConnectionEventListener(IConnectionEventListener listener)
    {
        lock (_listeners)
        {
            _listeners.Add(listener);
        }
    }

    /// <inheritdoc />
    public void AddReadFilter(IReadFilter filter)
    {
        var index = _readFilters.Count;
        _readFilters.Add(filter);
        filter.InitializeReadFilterCallbacks(new ReadFilterCallbacks(this, index));
    }

    /// <inheritdoc />
    public void AddWriteFilter(IWriteFilter filter) => _writeFilters.Add(filter);

    /// <inheritdoc />
    public void Start()
    {
        if (_state != (int)ConnectionState.Init)
        {
            return;
        }

        _state = (int)ConnectionState.Active;
        _readLoopStarted = true;
        _ = ReadLoopAsync();
    }

    /// <inheritdoc />
    public void ReadDisable(bool disable)
    {
        lock (_readLock)
        {
            if (disable)
            {
                _readDisableCount++;
                return;
            }

            if (_readDisableCount == 0)
            {
                return; // unbalanced enable: ignore rather than corrupt the count
            }

            if (--_readDisableCount > 0)
            {
                return;
            }

            _enableEpoch++;
            var waiter = _enableWaiter;
            _enableWaiter = null;
            waiter?.TrySetResult();
        }

        // Wake a loop blocked in ReadAsync so the still-buffered bytes are presented again.
        RequestRedispatch();
    }

    private void RequestRedispatch()
    {
        // If the pipe's reader scheduler is inline, the read loop would resume synchronously inside CancelPendingRead,
        // on the caller's thread and under the caller's locks (often another connection's stream). Wake it from the
        // thread pool instead, whatever the scheduler.
        ThreadPool.UnsafeQueueUserWorkItem(
            static c =>
            {
                try
                {
                    c._input.CancelPendingRead();
                }
                catch (InvalidOperationException)
                {
                    // The reader has already completed: the connection is closing, nothing to wake.
                }
            },
            this,
            preferLocal: false);
    }

    internal void ContinueReading(int filterIndex)
    {
        lock (_readLock)
        {
            _continueFromFilter = filterIndex + 1;
            _enableEpoch++;
        }

        RequestRedispatch();
    }

    internal void Touch() => Volatile.Write(ref _lastActivity, Environment.TickCount64);

    internal bool IsIdleExpired(long now)
    {
        var timeout = _idleTimeout;
        return timeout > TimeSpan.Zero && now - Volatile.Read(ref _lastActivity) >= (long)timeout.TotalMilliseconds;
    }

    /// <inheritdoc />
    public void Close(ConnectionCloseType type, ConnectionEvent reason = ConnectionEvent.LocalClose)
    {
        ValueTask<FlushResult> lingerFlush = default;
        var lingerFlushStarted = false;
        var lingerAbove = false;
        lock (_writeLock)
        {
            if (_state == (int)ConnectionState.Closed)
            {
                // A close during a lingering close ends the lingering now (the read loop then completes the output).
                if (_linger is { } linger)
                {
                    linger.Cancel();
                    if (type == ConnectionCloseType.NoFlush)
                    {
                        _output.CancelPendingFlush();
                        _context.Abort(new ConnectionAbortedException($"Connection closed: {reason}"));
                    }
                }

                return;
            }

            _state = (int)ConnectionState.Closed;
            if (type == ConnectionCloseType.FlushWriteAndDelay && _readLoopStarted)
            {
                // The output stays open until the read loop has drained the peer; what was written must go out now
                // (a batched or deferred flush would otherwise wait for the end of the lingering).
                _linger = new CancellationTokenSource(LingerTime);
                if (_flushInFlight)
                {
                    _flushPending = true;
                }
                else
                {
                    lingerFlushStarted = StartFlushLocked(out lingerFlush, out lingerAbove);
                }
            }
            else if (type != ConnectionCloseType.NoFlush)
            {
                // Complete the output: the transport's send loop sends what is buffered, then shuts the socket down.
                _output.Complete();
            }
            else
            {
                _output.CancelPendingFlush();
                _context.Abort(new ConnectionAbortedException($"Connection closed: {reason}"));
            }
        }

        AfterFlushStarted(lingerFlushStarted, lingerFlush, lingerAbove);
        ConnectionHeartbeat.Instance.Unregister(this);
        Log.Closed(_logger, Id, reason, type);
        RaiseEvent(reason);
        RequestRedispatch();
        lock (_readLock)
        {
            _enableWaiter?.TrySetResult();
            _enableWaiter = null;
        }

        if (!_readLoopStarted)
        {
            _ = DisposeContextAsync();
        }
    }

    private void RaiseEvent(ConnectionEvent connectionEvent)
    {
        if (connectionEvent.IsClose() && Interlocked.Exchange(ref _closeEventRaised, 1) == 1)
        {
            return;
        }

        IConnectionEventListener[] listeners;
        lock (_listeners)
        {
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners)
        {
            try
            {
                listener.OnEvent(connectionEvent);
            }
            catch (Exception ex)
            {
                // A listener bug must not take the connection's other listeners down with it.
                Log.ListenerFailed(_logger, Id, ex);
            }
        }
    }

    private void RaiseWatermark(bool above)
    {
        IConnectionEventListener[] listeners;
        lock (_listeners)
        {
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners)
        {
            try
            {
                if (above)
                {
                    listener.OnAboveWriteBufferHighWatermark();
                }
                else
                {
                    listener.OnBelowWriteBufferLowWatermark();
                }
            }
            catch (Exception ex)
            {
                Log.ListenerFailed(_logger, Id, ex);
            }
        }
    }

    /// <summary>Makes <paramref name="listener"/> learn of this connection's close (before <see cref="Completion"/> completes).</summary>
    internal void SetServedBy(SocketListener listener, ListenerGeneration generation)
    {
        _servedBy = listener;
        _servedGeneration = generation;
    }

    private async Task DisposeContextAsync()
    {
        try
        {
            await _context.DisposeAsync();
        }
        catch (Exception ex)
        {
            // Disposal failures (socket already gone) are not actionable; the connection is closed either way.
            Log.DisposeFailed(_logger, Id, ex);
        }
        finally
        {
            if (_servedBy is { } listener)
            {
                listener.OnConnectionClosed(_servedGeneration!, Id);
            }

            _completion.TrySetResult();
        }
    }
}
