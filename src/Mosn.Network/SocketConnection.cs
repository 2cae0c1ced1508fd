using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Network;
using Mosn.Network.Unix;

namespace Mosn.Network;

/// <summary>
/// <see cref="IConnection"/> over a <see cref="Socket"/>: our own transport (no pipes, no per-connection receive or send
/// loop), used for accepted and for upstream connections alike.
/// </summary>
/// <remarks>
/// <para>Engine: on Linux the socket is registered with one of the process's <see cref="EpollLoop"/>s (edge-triggered,
/// reading and writing, for its whole life), which reports it readable and writable on the loop's thread; elsewhere (or
/// when the constructor is told so) .NET's socket engine does, through a zero-byte receive and an asynchronous send.</para>
/// <para>Read side: the connection waits for the socket to become readable without holding a buffer, then receives
/// without blocking and runs the read filters on the thread that saw the socket become readable (the loop's thread, or
/// with inline socket completions the socket engine's thread): no hop to the thread pool. Received bytes go into a per-thread scratch buffer; only what the filters leave unconsumed is copied into a
/// per-connection buffer (rented, returned once consumed) and presented again with the next bytes. At most
/// <see cref="BufferLimit"/> bytes are buffered: past it the connection stops receiving, so the kernel's window and then
/// the peer are throttled. While reading is disabled nothing is received; enabling it presents the buffered bytes again.
/// One thread at a time runs the read side (an ownership flag under <c>_readLock</c>).</para>
/// <para>Write side: writes are copied into a chain of pooled chunks under <c>_writeLock</c>. A flush sends them with a
/// non-blocking <c>send</c> on the writing thread (writes made during a read dispatch or a loop pass are flushed once
/// when it ends); what the socket does not take at once goes out when the loop reports it writable (or through an
/// asynchronous send). More than
/// <see cref="BufferLimit"/> unsent bytes raise the high-watermark event; the low-watermark event follows when they
/// drain below half of it.</para>
/// <para>Close: the state is <see cref="ConnectionState.Closed"/> and the close event raised at once; the socket is shut
/// down and disposed when what was written has been sent (<see cref="ConnectionCloseType.FlushWrite"/>, bounded by
/// <see cref="LingerTime"/>), or at once (<see cref="ConnectionCloseType.NoFlush"/>). A lingering close
/// (<see cref="ConnectionCloseType.FlushWriteAndDelay"/>) sends what was written and a FIN, then reads and discards what
/// the peer still sends. <see cref="Completion"/> completes when the socket is disposed, no operation is in flight and
/// the buffers are back in the pool.</para>
/// </remarks>
public sealed partial class SocketConnection : IConnection
{
    private static long s_nextId;

    private readonly Socket _socket;
    private readonly EndPoint? _localAddress;
    private readonly EndPoint? _remoteAddress;
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

    private volatile int _state; // ConnectionState
    private int _closeEventRaised;
    private bool _started;
    private long _bytesRead;
    private long _bytesWritten;
    private long _lastActivity = Environment.TickCount64;
    private TimeSpan _idleTimeout;
    private bool _heartbeatRegistered;

    // What must end before the connection's resources are released: the close event (raised), the socket (disposed), the
    // read side (no receive in flight, no thread running it) and the send side (no send in flight). Each releases its
    // part once.
    private int _parts = 4;
    private int _socketDisposed;

    /// <summary>Longest a lingering close (<see cref="ConnectionCloseType.FlushWriteAndDelay"/>) keeps reading, and longest a closing connection waits for its unsent bytes to go out: nginx's <c>lingering_time</c>.</summary>
    internal static readonly TimeSpan LingerTime = TimeSpan.FromSeconds(30);

    /// <summary>A lingering close ends when the peer sends nothing for this long (nginx's <c>lingering_timeout</c> is 5 s).</summary>
    internal static readonly TimeSpan LingerIdleTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Wraps a connected <paramref name="socket"/> (accepted or connected). The connection owns it: it switches it to
    /// non-blocking mode and disposes it when closed.
    /// </summary>
    public SocketConnection(Socket socket, long bufferLimit, ILogger logger)
        : this(socket, bufferLimit, logger, EpollLoop.IsDefault)
    {
    }

    /// <summary>
    /// Wraps <paramref name="socket"/>, on one of the process's <see cref="EpollLoop"/>s when <paramref name="useEventLoop"/>
    /// (Linux), else on .NET's socket engine.
    /// </summary>
    internal SocketConnection(Socket socket, long bufferLimit, ILogger logger, bool useEventLoop)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
        _logger = logger;
        BufferLimit = bufferLimit;
        Id = (ulong)Interlocked.Increment(ref s_nextId);
        try
        {
            _localAddress = socket.LocalEndPoint;
            _remoteAddress = socket.RemoteEndPoint;

            // Synchronous Send/Receive return WouldBlock instead of waiting; asynchronous operations are unaffected.
            socket.Blocking = false;
            if (useEventLoop)
            {
                // Events may come at once (before Start): the handlers look at _started and _sendInFlight.
                var loop = EpollLoop.Pick();
                if (loop.Register(this, socket, Epoll.In | Epoll.Out))
                {
                    _loop = loop;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The peer is already gone: the first receive reports it and the connection closes.
        }
    }

    /// <inheritdoc />
    public ulong Id { get; }

    /// <inheritdoc />
    public EndPoint? LocalAddress => _localAddress;

    /// <inheritdoc />
    public EndPoint? RemoteAddress => _remoteAddress;

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

    internal void Touch() => Volatile.Write(ref _lastActivity, Environment.TickCount64);

    /// <summary>
    /// The heartbeat's look at this connection (<paramref name="now"/>: <see cref="Environment.TickCount64"/>): closes it
    /// when idle too long, gives up on unsent bytes after <see cref="LingerTime"/>, ends a lingering close. True when the
    /// connection needs no more heartbeats.
    /// </summary>
    internal bool OnHeartbeat(long now)
    {
        if (_state != (int)ConnectionState.Closed)
        {
            var timeout = _idleTimeout;
            if (timeout <= TimeSpan.Zero || now - Volatile.Read(ref _lastActivity) < (long)timeout.TotalMilliseconds)
            {
                return false;
            }

            Close(ConnectionCloseType.FlushWrite, ConnectionEvent.IdleTimeout);
            return false; // closed now: the next beats bound the wait for unsent bytes (disposal unregisters it)
        }

        return CheckCloseDeadlines(now);
    }

    /// <inheritdoc />
    public void Close(ConnectionCloseType type, ConnectionEvent reason = ConnectionEvent.LocalClose)
    {
        if (!CloseSend(type))
        {
            return; // already closed (a second close may have ended a lingering close)
        }

        Log.Closed(_logger, Id, reason, type);
        RaiseEvent(reason);
        CloseRead();
        ReleasePart(); // the close event has been raised: Completion may complete now
    }

    /// <summary>Shuts the socket down (both directions) and disposes it, once; pending operations complete as aborted.</summary>
    private void DisposeSocket()
    {
        if (Interlocked.Exchange(ref _socketDisposed, 1) == 1)
        {
            return;
        }

        _loop?.Unregister(this, _socket); // before the shutdown's hang-up events, and before the descriptor is closed

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already reset by the peer: nothing to shut down.
        }

        _socket.Dispose();
        ConnectionHeartbeat.Instance.Unregister(this);
        OnSocketDisposed();
        if (_loop is not null)
        {
            WakeReader(); // no receive completes as aborted on a loop: the read side ends when it looks again
        }

        ReleasePart();
    }

    /// <summary>Counts down the parts that must end (socket, read side, send side); the last one releases the resources.</summary>
    private void ReleasePart()
    {
        if (Interlocked.Decrement(ref _parts) != 0)
        {
            return;
        }

        ReleaseReadBuffers();
        ReleaseSendBuffers();
        if (_servedBy is { } listener)
        {
            listener.OnConnectionClosed(_servedGeneration!, Id);
        }

        _completion.TrySetResult();
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
}
