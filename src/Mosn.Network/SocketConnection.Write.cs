using System.Buffers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Mosn.Abstractions.Network;

namespace Mosn.Network;

/// <content>The write side: buffering, sending, watermarks and the closing handshake.</content>
public sealed partial class SocketConnection
{
    private static readonly DiscardWriter s_discard = new();

    /// <summary>
    /// Connections written to during the current read dispatch on this thread; flushed once when the dispatch ends, so
    /// a response head and body (or a whole pipelined batch) leave in one send. Null outside a dispatch.
    /// </summary>
    [ThreadStatic]
    private static List<SocketConnection>? t_batch;

    // The list reused by every dispatch on this thread (t_batch points to it while a dispatch runs).
    [ThreadStatic]
    private static List<SocketConnection>? t_batchList;

    private readonly Lock _writeLock = new();

    // Under _writeLock.
    private SendBuffer? _sendBuffer;
    private ArrayBufferWriter<byte>? _staging;
    private SendEventArgs? _sendArgs;
    private bool _sendInFlight;
    private bool _sendClosed;        // the socket is disposed: no send starts any more
    private bool _aboveHighWatermark;

    // Watermark events are delivered by one thread at a time, in order, and always end at the current state: raised
    // outside _writeLock, a high-watermark event and the low one that follows it could otherwise reach the listeners in
    // the wrong order (a send completing on another thread), leaving the peer's reading disabled for good.
    private bool _reportedAbove;
    private int _deliveringWatermarks;
    private bool _closeWhenSent;     // a FlushWrite(AndDelay) close waits for the unsent bytes (the heartbeat bounds it)
    private long _closeDeadline;     // Environment.TickCount64 when that wait, or a lingering close, ends at the latest
    private bool _inBatch;
    private IBufferWriter<byte>? _currentWriter;
    private long _writeStartBytes;

    private volatile bool _lingering; // a lingering close: the read side discards what arrives
    private long _lingerLastData;

    /// <inheritdoc />
    public void Write(ReadOnlySpan<byte> data)
    {
        var writer = BeginWrite();
        writer.Write(data);
        EndWrite();
    }

    /// <inheritdoc />
    public void Write(in ReadOnlySequence<byte> data)
    {
        var writer = BeginWrite();
        foreach (var segment in data)
        {
            writer.Write(segment.Span);
        }

        EndWrite();
    }

    /// <inheritdoc />
    public IBufferWriter<byte> BeginWrite()
    {
        _writeLock.Enter();
        if (_state == (int)ConnectionState.Closed)
        {
            _currentWriter = s_discard;
        }
        else if (_writeFilters.Count == 0)
        {
            var buffer = _sendBuffer ??= new SendBuffer();
            _writeStartBytes = buffer.Length;
            _currentWriter = buffer;
        }
        else
        {
            _staging ??= new ArrayBufferWriter<byte>();
            _staging.ResetWrittenCount();
            _currentWriter = _staging;
        }

        return _currentWriter;
    }

    /// <inheritdoc />
    public void EndWrite()
    {
        var outcome = SendOutcome.None;
        try
        {
            var writer = _currentWriter;
            _currentWriter = null;
            if (writer is null || ReferenceEquals(writer, s_discard) || _state == (int)ConnectionState.Closed)
            {
                return;
            }

            var buffer = _sendBuffer ??= new SendBuffer();
            long written;
            if (ReferenceEquals(writer, _staging))
            {
                var data = new ReadOnlySequence<byte>(_staging!.WrittenMemory);
                for (var i = _writeFilters.Count - 1; i >= 0; i--)
                {
                    if (_writeFilters[i].OnWrite(data) == FilterStatus.StopIteration)
                    {
                        return;
                    }
                }

                buffer.Write(_staging.WrittenSpan);
                written = _staging.WrittenCount;
            }
            else
            {
                written = buffer.Length - _writeStartBytes;
            }

            if (written == 0)
            {
                return;
            }

            Interlocked.Add(ref _bytesWritten, written);
            Touch();
            // Batched unless the unsent bytes pass the buffer limit: a batch can be long (a loop pass, a reader
            // receiving for as long as its socket has bytes), and past the limit the bytes must go out now, or the
            // high-watermark event must stop whoever writes them (backpressure), instead of piling up until its end.
            if (t_batch is { } batch && buffer.Length <= BufferLimit)
            {
                if (!_inBatch)
                {
                    _inBatch = true;
                    batch.Add(this);
                }

                return;
            }

            outcome = FlushLocked();
        }
        finally
        {
            _writeLock.Exit();
        }

        AfterFlush(outcome);
    }

    /// <summary>Runs <paramref name="dispatch"/> with write batching on this thread, then flushes every connection written to.</summary>
    internal static void RunBatched<TState>(TState state, Action<TState> dispatch)
    {
        if (t_batch is not null)
        {
            dispatch(state); // nested: the outer dispatch flushes
            return;
        }

        var batch = t_batch = t_batchList ??= [];
        try
        {
            dispatch(state);
        }
        finally
        {
            t_batch = null;
            t_batchList = null; // a flush below may run another dispatch on this thread: it must not share this list
            foreach (var connection in batch)
            {
                connection.FlushBatched();
            }

            batch.Clear();
            t_batchList = batch;
        }
    }

    private void FlushBatched()
    {
        SendOutcome outcome;
        lock (_writeLock)
        {
            _inBatch = false;
            outcome = FlushLocked();
        }

        AfterFlush(outcome);
    }

    private enum SendOutcome
    {
        None,
        Sent,
        BecameAbove,
        Failed,
    }

    /// <summary>
    /// Sends the buffered bytes: a non-blocking send on this thread, and an asynchronous send for what the socket does not
    /// take at once. Under <c>_writeLock</c>.
    /// </summary>
    private SendOutcome FlushLocked()
    {
        var buffer = _sendBuffer;
        if (buffer is null || _sendInFlight || _sendClosed)
        {
            return CheckAboveLocked();
        }

        if (buffer.Length == 0)
        {
            return SendOutcome.None;
        }

        if (_loop is not null)
        {
            return FlushOnLoopLocked(buffer);
        }

        var sent = SendOnce(buffer, out var error);
        if (error == SocketError.OperationAborted)
        {
            return SendOutcome.Failed;
        }

        if (error == SocketError.Success)
        {
            buffer.Consume(sent);
            if (buffer.Length == 0)
            {
                buffer.Release(); // an idle connection holds no send buffer
                return SendOutcome.Sent;
            }
        }
        else if (error != SocketError.WouldBlock)
        {
            return SendOutcome.Failed;
        }

        // The socket's buffer is full: send the rest asynchronously.
        return StartAsyncSendLocked() ? CheckAboveLocked() : SendOutcome.Failed;
    }

    /// <summary>One non-blocking send of what <paramref name="buffer"/> holds; <see cref="SocketError.OperationAborted"/> when the socket is disposed.</summary>
    private int SendOnce(SendBuffer buffer, out SocketError error)
    {
        try
        {
            return buffer.IsSingleChunk
                ? _socket.Send(buffer.GetSendSpan().Span, SocketFlags.None, out error)
                : _socket.Send(buffer.GetSendSegments(), SocketFlags.None, out error);
        }
        catch (ObjectDisposedException)
        {
            error = SocketError.OperationAborted;
            return 0;
        }
    }

    private SendOutcome CheckAboveLocked()
    {
        if (!_aboveHighWatermark && _sendInFlight && _sendBuffer is { } buffer && buffer.Length > BufferLimit)
        {
            _aboveHighWatermark = true;
            return SendOutcome.BecameAbove;
        }

        return SendOutcome.None;
    }

    /// <summary>Starts an asynchronous send of every buffered byte; false when the socket is gone. Under <c>_writeLock</c>.</summary>
    private bool StartAsyncSendLocked()
    {
        var buffer = _sendBuffer!;
        var args = _sendArgs ??= new SendEventArgs(this);
        while (true)
        {
            if (buffer.IsSingleChunk)
            {
                args.BufferList = null;
                args.SetBuffer(MemoryMarshal.AsMemory(buffer.GetSendSpan()));
            }
            else
            {
                args.SetBuffer(null, 0, 0);
                args.BufferList = buffer.GetSendSegments();
            }

            _sendInFlight = true;
            bool pending;
            try
            {
                pending = _socket.SendAsync(args);
            }
            catch (ObjectDisposedException)
            {
                _sendInFlight = false;
                return false;
            }

            if (pending)
            {
                return true;
            }

            // Completed at once.
            _sendInFlight = false;
            if (args.SocketError != SocketError.Success)
            {
                return false;
            }

            buffer.Consume(args.BytesTransferred);
            if (buffer.Length == 0)
            {
                buffer.Release();
                return true;
            }
        }
    }

    private void AfterFlush(SendOutcome outcome)
    {
        switch (outcome)
        {
            case SendOutcome.BecameAbove:
                DeliverWatermarks();
                break;
            case SendOutcome.Failed:
                OnSendFailed(null);
                break;
        }
    }

    /// <summary>Tells the listeners of the watermark state until what they were told is the current state (one thread at a time).</summary>
    private void DeliverWatermarks()
    {
        while (Interlocked.CompareExchange(ref _deliveringWatermarks, 1, 0) == 0)
        {
            while (true)
            {
                bool above;
                lock (_writeLock)
                {
                    above = _aboveHighWatermark;
                }

                if (above == _reportedAbove || _state == (int)ConnectionState.Closed)
                {
                    break;
                }

                _reportedAbove = above;
                RaiseWatermark(above);
            }

            Volatile.Write(ref _deliveringWatermarks, 0);

            // A change made after the last look and before the release found the flag taken: look again.
            bool changed;
            lock (_writeLock)
            {
                changed = _aboveHighWatermark != Volatile.Read(ref _reportedAbove) && _state != (int)ConnectionState.Closed;
            }

            if (!changed)
            {
                return;
            }
        }
    }

    private void OnSendFailed(Exception? exception)
    {
        Log.WriteFailed(_logger, Id, exception ?? new SocketException((int)SocketError.ConnectionReset));
        if (_state == (int)ConnectionState.Closed)
        {
            // Closing and the bytes cannot go out any more: give up on them.
            DisposeSocket();
        }
        else
        {
            Close(ConnectionCloseType.NoFlush, ConnectionEvent.OnWriteErrClose);
        }
    }

    private void OnSendCompleted(SocketAsyncEventArgs args)
    {
        var failed = false;
        var raiseBelow = false;
        var finishClose = false;
        var releaseSend = false;
        lock (_writeLock)
        {
            _sendInFlight = false;
            var buffer = _sendBuffer!;
            if (args.SocketError != SocketError.Success)
            {
                failed = !_sendClosed;
            }
            else
            {
                buffer.Consume(args.BytesTransferred);
                if (buffer.Length > 0 && !_sendClosed && !StartAsyncSendLocked())
                {
                    failed = true;
                }
                else if (buffer.Length == 0)
                {
                    buffer.Release();
                }

                OnSendProgressLocked(buffer, out raiseBelow, out finishClose);
            }

            if (_sendClosed && !_sendInFlight)
            {
                releaseSend = true;
            }
        }

        if (raiseBelow)
        {
            DeliverWatermarks();
        }

        if (failed)
        {
            OnSendFailed(new SocketException((int)args.SocketError));
        }

        if (finishClose)
        {
            FinishClose();
        }

        if (releaseSend)
        {
            ReleasePart();
        }
    }

    /// <summary>
    /// After a send made progress: whether the unsent bytes fell below the low watermark, and whether a close waiting for
    /// them can finish now. Under <c>_writeLock</c>.
    /// </summary>
    private void OnSendProgressLocked(SendBuffer buffer, out bool raiseBelow, out bool finishClose)
    {
        raiseBelow = _aboveHighWatermark && buffer.Length <= BufferLimit / 2;
        if (raiseBelow)
        {
            _aboveHighWatermark = false;
        }

        finishClose = !_sendInFlight && _closeWhenSent && buffer.Length == 0;
        if (finishClose)
        {
            _closeWhenSent = false;
        }
    }

    /// <summary>
    /// Marks the connection closed and starts closing the socket as <paramref name="type"/> says; false when it was already
    /// closed (a later close ends a lingering close, or a wait for unsent bytes when it is <see cref="ConnectionCloseType.NoFlush"/>).
    /// </summary>
    private bool CloseSend(ConnectionCloseType type)
    {
        bool first;
        var abort = false;
        var finish = false;
        var endLinger = false;
        lock (_writeLock)
        {
            first = _state != (int)ConnectionState.Closed;
            if (!first)
            {
                endLinger = _lingering;
                abort = _closeWhenSent && type == ConnectionCloseType.NoFlush;
            }
            else
            {
                _state = (int)ConnectionState.Closed;
                if (type == ConnectionCloseType.NoFlush)
                {
                    abort = true;
                }
                else
                {
                    _lingering = type == ConnectionCloseType.FlushWriteAndDelay && _started;
                    if (FlushLocked() == SendOutcome.Failed)
                    {
                        abort = true; // the socket is broken: nothing more can go out
                    }
                    else if (_sendInFlight || _sendBuffer is { Length: > 0 })
                    {
                        // The rest goes out as the peer reads it; a peer that never does is cut off after LingerTime.
                        _closeWhenSent = true;
                        _closeDeadline = Environment.TickCount64 + (long)LingerTime.TotalMilliseconds;
                        ConnectionHeartbeat.Instance.Register(this);
                    }
                    else
                    {
                        finish = true;
                    }
                }
            }
        }

        if (endLinger)
        {
            EndLinger();
        }
        else if (abort)
        {
            DisposeSocket();
        }
        else if (finish)
        {
            FinishClose();
        }

        return first;
    }

    /// <summary>Everything written before the close has been sent: dispose the socket, or start the lingering.</summary>
    private void FinishClose()
    {
        if (!_lingering)
        {
            DisposeSocket();
            return;
        }

        try
        {
            // Our FIN now: the peer sees the end of the response while we drain what it still sends.
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            EndLinger();
            return;
        }

        var now = Environment.TickCount64;
        Volatile.Write(ref _lingerLastData, now);
        lock (_writeLock)
        {
            _closeDeadline = now + (long)LingerTime.TotalMilliseconds;
        }

        ConnectionHeartbeat.Instance.Register(this); // ends the lingering (CheckCloseDeadlines)
        WakeReader();
    }

    /// <summary>
    /// The deadlines of a closed connection, from the heartbeat: the wait for unsent bytes (<see cref="LingerTime"/>),
    /// and a lingering close (<see cref="LingerTime"/> in all, <see cref="LingerIdleTimeout"/> without data). True when
    /// the socket is gone or has just been disposed.
    /// </summary>
    private bool CheckCloseDeadlines(long now)
    {
        bool waiting;
        long deadline;
        lock (_writeLock)
        {
            waiting = _closeWhenSent;
            deadline = _closeDeadline;
        }

        if (waiting)
        {
            if (now < deadline)
            {
                return false;
            }

            DisposeSocket();
            return true;
        }

        if (!_lingering)
        {
            return Volatile.Read(ref _socketDisposed) == 1;
        }

        if (now < deadline && now - Volatile.Read(ref _lingerLastData) < (long)LingerIdleTimeout.TotalMilliseconds)
        {
            return false;
        }

        EndLinger();
        return true;
    }

    private void EndLinger()
    {
        _lingering = false;
        DisposeSocket();
    }

    /// <summary>Called once the socket is disposed: no send starts any more; the send side ends when none is in flight.</summary>
    private void OnSocketDisposed()
    {
        var release = false;
        lock (_writeLock)
        {
            _sendClosed = true;
            _closeWhenSent = false;
            if (_loop is not null)
            {
                _sendInFlight = false; // waiting for the socket to become writable: no event comes any more
            }

            release = !_sendInFlight;
        }

        if (release)
        {
            ReleasePart();
        }
    }

    private void ReleaseSendBuffers()
    {
        lock (_writeLock)
        {
            _sendBuffer?.Release();
            _sendArgs?.Dispose();
            _staging = null;
        }
    }

    /// <summary>The connection's asynchronous send; completions go straight to the connection.</summary>
    private sealed class SendEventArgs(SocketConnection connection) : SocketAsyncEventArgs(unsafeSuppressExecutionContextFlow: true)
    {
        protected override void OnCompleted(SocketAsyncEventArgs e) => connection.OnSendCompleted(e);
    }

    private sealed class DiscardWriter : IBufferWriter<byte>
    {
        [ThreadStatic]
        private static byte[]? t_scratch;

        public void Advance(int count)
        {
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => Scratch(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint);

        private static byte[] Scratch(int sizeHint)
        {
            var size = Math.Max(sizeHint, 4096);
            if (t_scratch is null || t_scratch.Length < size)
            {
                t_scratch = new byte[size];
            }

            return t_scratch;
        }
    }
}
