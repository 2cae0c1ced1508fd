using System.Buffers;
using System.Net.Sockets;
using Mosn.Abstractions.Network;
using Mosn.Network.Unix;

namespace Mosn.Network;

/// <content>The read side: waiting for bytes, receiving them, and presenting them to the read filters.</content>
public sealed partial class SocketConnection
{
    /// <summary>Size of the per-thread buffer bytes are received into (only what the filters leave is kept per connection).</summary>
    internal const int ScratchSize = 64 * 1024;

    [ThreadStatic]
    private static byte[]? t_scratch;

    [ThreadStatic]
    private static bool t_scratchInUse;

    private readonly Lock _readLock = new();

    // Under _readLock.
    private int _readDisableCount;
    private int _continueFromFilter;
    private bool _readOwned;     // a thread is running RunReader (only that thread touches the read buffer)
    private bool _receivePosted; // a zero-byte receive is waiting for the socket to become readable
    private bool _readable;      // the socket became readable (or failed) and nobody has received yet
    private SocketError _receiveError;
    private bool _redispatch;    // present the buffered bytes again without waiting for new ones
    private bool _readFull;      // BufferLimit bytes are buffered: no receive until the filters consume some
    private bool _readDone;      // the read side has ended for good

    // Owned by the thread running RunReader.
    private ReceiveEventArgs? _receiveArgs;
    private byte[]? _pending;    // bytes the filters left unconsumed: [_pendingStart, _pendingEnd)
    private int _pendingStart;
    private int _pendingEnd;

    /// <summary>The most bytes buffered on the read side (as the transport before it: never below 4 KiB).</summary>
    private int ReadLimit => (int)Math.Clamp(BufferLimit, 4096, int.MaxValue);

    /// <inheritdoc />
    public bool ReadEnabled => Volatile.Read(ref _readDisableCount) == 0;

    /// <inheritdoc />
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, (int)ConnectionState.Active, (int)ConnectionState.Init) != (int)ConnectionState.Init)
        {
            return;
        }

        if (_loop is null)
        {
            _receiveArgs = new ReceiveEventArgs(this);
        }

        lock (_readLock)
        {
            _started = true;
            _readOwned = true;
        }

        try
        {
            for (var i = 0; i < _readFilters.Count; i++)
            {
                if (_readFilters[i].OnNewConnection() == FilterStatus.StopIteration)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            Log.ReadFilterFailed(_logger, Id, ex);
            Close(ConnectionCloseType.NoFlush, ConnectionEvent.OnReadErrClose);
        }

        // The first receive may find bytes at once; their filters must not run on the caller's thread (it may hold locks).
        ThreadPool.UnsafeQueueUserWorkItem(static c => c.RunReader(), this, preferLocal: false);
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

            _redispatch = true; // present what is buffered again
        }

        WakeReader();
    }

    internal void ContinueReading(int filterIndex)
    {
        lock (_readLock)
        {
            _continueFromFilter = filterIndex + 1;
            _redispatch = true;
        }

        WakeReader();
    }

    /// <summary>After a close: lets the read side end (or go on discarding, for a lingering close).</summary>
    private void CloseRead()
    {
        var release = false;
        lock (_readLock)
        {
            if (!_started && !_readDone)
            {
                _readDone = true;
                release = true;
            }
        }

        if (release)
        {
            ReleasePart();
        }
        else
        {
            WakeReader();
        }
    }

    /// <summary>Runs the read side on the thread pool when it has work and nobody runs it. Never runs filters on the caller's thread.</summary>
    private void WakeReader()
    {
        lock (_readLock)
        {
            if (_readOwned || !_started || NextStepLocked(peek: true, out _, out _) == ReadStep.Park)
            {
                return; // the running reader sees the flags when it looks again
            }

            _readOwned = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static c => c.RunReader(), this, preferLocal: false);
    }

    private enum ReadStep
    {
        Park,
        Finish,
        Post,
        Receive,
        Present,
    }

    /// <summary>Decides what the read side does next. Under <c>_readLock</c>; <paramref name="peek"/> leaves the flags as they are.</summary>
    private ReadStep NextStepLocked(bool peek, out int startFilter, out SocketError error)
    {
        startFilter = 0;
        error = SocketError.Success;
        if (_readDone)
        {
            return ReadStep.Park;
        }

        if (_state == (int)ConnectionState.Closed && !_lingering)
        {
            // Closed: end once no receive is in flight (disposing the socket completes a posted one).
            return _receivePosted ? ReadStep.Park : ReadStep.Finish;
        }

        // A lingering close discards whatever arrives, paused or full or not.
        var enabled = _readDisableCount == 0 || _lingering;
        var full = _readFull && !_lingering;
        if (_readable && enabled && !full)
        {
            if (!peek)
            {
                _readable = false;
                error = _receiveError;
                startFilter = _continueFromFilter;
                _continueFromFilter = 0;
            }

            return ReadStep.Receive;
        }

        if (_redispatch && enabled && !_lingering)
        {
            if (!peek)
            {
                _redispatch = false;
                startFilter = _continueFromFilter;
                _continueFromFilter = 0;
            }

            return ReadStep.Present;
        }

        if (!_receivePosted && !_readable && !full && _loop is null)
        {
            if (!peek)
            {
                _receivePosted = true;
            }

            return ReadStep.Post;
        }

        return ReadStep.Park;
    }

    /// <summary>Receives in a row on an event loop's thread before the connection lets the loop's other sockets have their turn.</summary>
    internal const int ReceivesPerTurn = 16;

    /// <summary>The read side's loop. The caller has set <c>_readOwned</c>; the loop clears it when it parks.</summary>
    private void RunReader()
    {
        var receives = 0;
        while (true)
        {
            if (receives == ReceivesPerTurn && _loop is { } loop && EpollLoop.Current == loop)
            {
                // A peer that keeps the socket full would hold the loop's thread for as long as it sends: stop here
                // (the bytes stay in the socket: the kernel's window throttles the peer) and go on in the next pass.
                lock (_readLock)
                {
                    _readOwned = false;
                }

                loop.Defer(this);
                return;
            }

            ReadStep step;
            int startFilter;
            SocketError error;
            lock (_readLock)
            {
                step = NextStepLocked(peek: false, out startFilter, out error);
                if (step == ReadStep.Finish)
                {
                    _readDone = true;
                }

                if (step is ReadStep.Park or ReadStep.Finish)
                {
                    _readOwned = false;
                }
            }

            switch (step)
            {
                case ReadStep.Park:
                    return;
                case ReadStep.Finish:
                    ReleasePart();
                    return;
                case ReadStep.Post:
                    PostReceive();
                    break;
                case ReadStep.Receive:
                    if (error != SocketError.Success)
                    {
                        OnReceiveFailed(error);
                    }
                    else if (_lingering)
                    {
                        Discard();
                    }
                    else
                    {
                        ReceiveAndDispatch(startFilter);
                        receives++;
                    }

                    break;
                case ReadStep.Present:
                    Present(startFilter);
                    break;
            }
        }
    }

    /// <summary>Waits for the socket to become readable without holding a buffer (a zero-byte receive).</summary>
    private void PostReceive()
    {
        var args = _receiveArgs!;
        bool pending;
        SocketError error;
        try
        {
            pending = _socket.ReceiveAsync(args);
            error = args.SocketError;
        }
        catch (ObjectDisposedException)
        {
            pending = false;
            error = SocketError.OperationAborted;
        }

        if (!pending)
        {
            lock (_readLock)
            {
                _receivePosted = false;
                _readable = true;
                _receiveError = error;
            }
        }
    }

    private void OnReceiveCompleted(SocketError error)
    {
        lock (_readLock)
        {
            _receivePosted = false;
            _readable = true;
            _receiveError = error;
            if (_readOwned || !_started)
            {
                return; // the running reader sees the flag (Start runs one)
            }

            _readOwned = true;
        }

        RunReader();
    }

    private void OnReceiveFailed(SocketError error)
    {
        if (_lingering)
        {
            EndLinger();
            return;
        }

        var reason = error switch
        {
            SocketError.ConnectionReset => ConnectionEvent.RemoteClose,
            SocketError.OperationAborted or SocketError.Shutdown => ConnectionEvent.LocalClose,
            _ => ConnectionEvent.OnReadErrClose,
        };
        Close(ConnectionCloseType.FlushWrite, reason);
    }

    /// <summary>Receives what the socket has (without blocking) and presents it, after the bytes still buffered, to the read filters.</summary>
    private void ReceiveAndDispatch(int startFilter)
    {
        var buffered = _pendingEnd - _pendingStart;
        var capacity = ReadLimit - buffered;
        if (capacity <= 0)
        {
            lock (_readLock)
            {
                _readFull = true;
                _readable = true; // receive once the filters have consumed something
            }

            return;
        }

        byte[] target;
        int offset;
        int count;
        var usesScratch = buffered == 0 && !t_scratchInUse;
        if (usesScratch)
        {
            target = t_scratch ??= GC.AllocateUninitializedArray<byte>(ScratchSize);
            offset = 0;
            count = Math.Min(capacity, target.Length);
            t_scratchInUse = true;
        }
        else
        {
            ReservePending(Math.Min(capacity, SendBuffer.ChunkSize));
            target = _pending!;
            offset = _pendingEnd;
            count = Math.Min(capacity, target.Length - offset);
        }

        try
        {
            int n;
            SocketError error;
            try
            {
                n = _socket.Receive(target, offset, count, SocketFlags.None, out error);
            }
            catch (ObjectDisposedException)
            {
                n = 0;
                error = SocketError.OperationAborted;
            }

            if (error == SocketError.WouldBlock)
            {
                return; // nothing after all: wait again (a new zero-byte receive, or the loop's next edge)
            }

            if (error != SocketError.Success)
            {
                OnReceiveFailed(error);
                return;
            }

            var endOfStream = n == 0;
            if (n > 0)
            {
                Interlocked.Add(ref _bytesRead, n);
                Touch();
            }

            ReadOnlySequence<byte> data;
            if (usesScratch)
            {
                data = new ReadOnlySequence<byte>(target, 0, n);
            }
            else
            {
                _pendingEnd += n;
                data = new ReadOnlySequence<byte>(target, _pendingStart, _pendingEnd - _pendingStart);
            }

            Dispatch(data, endOfStream, startFilter, usesScratch ? target : null);
            if (endOfStream)
            {
                // The peer finished: as before, the connection closes (what was written still goes out).
                Close(ConnectionCloseType.FlushWrite, ConnectionEvent.RemoteClose);
            }
            else if (n == count || _peerFinished)
            {
                lock (_readLock)
                {
                    // The buffer filled up: there may be more, receive again before waiting. On a loop, a short read
                    // means the socket is drained (a new edge comes with new bytes), unless the peer's FIN was already
                    // reported: no edge follows that one, so receive until the end of the stream.
                    _readable = true;
                }
            }
        }
        finally
        {
            if (usesScratch)
            {
                t_scratchInUse = false;
            }
        }
    }

    /// <summary>Presents the buffered bytes again (reading re-enabled, or a filter asked to continue).</summary>
    private void Present(int startFilter)
    {
        var buffered = _pendingEnd - _pendingStart;
        if (buffered == 0 && startFilter == 0)
        {
            return; // nothing to present again
        }

        var data = _pending is null ? default : new ReadOnlySequence<byte>(_pending, _pendingStart, buffered);
        Dispatch(data, endOfStream: false, startFilter, scratch: null);
    }

    /// <summary>
    /// Runs the read filters over <paramref name="data"/> (with write batching) and keeps what they left unconsumed:
    /// in place when <paramref name="data"/> is the connection's buffer, copied into it when it is the thread's
    /// <paramref name="scratch"/> buffer.
    /// </summary>
    private void Dispatch(ReadOnlySequence<byte> data, bool endOfStream, int startFilter, byte[]? scratch)
    {
        _readBuffer.Reset(data, endOfStream);
        try
        {
            RunBatched((this, startFilter), static s => s.Item1.RunReadFilters(s.Item2));
        }
        catch (Exception ex)
        {
            // A filter threw: a programmer error. Log it loudly and close this connection only.
            _readBuffer.Reset(default, false);
            Log.ReadFilterFailed(_logger, Id, ex);
            Close(ConnectionCloseType.NoFlush, ConnectionEvent.OnReadErrClose);
            return;
        }

        var left = (int)_readBuffer.Length;
        _readBuffer.Reset(default, false);
        var consumed = (int)data.Length - left;
        if (scratch is null)
        {
            _pendingStart += consumed;
            if (_pendingStart == _pendingEnd)
            {
                ReturnPending();
            }
        }
        else if (left > 0)
        {
            ReservePending(left);
            scratch.AsSpan(consumed, left).CopyTo(_pending.AsSpan(_pendingEnd));
            _pendingEnd += left;
        }

        if (consumed > 0)
        {
            lock (_readLock)
            {
                _readFull = false;
            }
        }
    }

    /// <summary>Makes room for at least <paramref name="count"/> more bytes after the buffered ones (compacting or growing the buffer).</summary>
    private void ReservePending(int count)
    {
        var buffered = _pendingEnd - _pendingStart;
        if (_pending is null)
        {
            _pending = ArrayPool<byte>.Shared.Rent(Math.Max(count, 4096));
            _pendingStart = _pendingEnd = 0;
            return;
        }

        if (_pending.Length - _pendingEnd >= count)
        {
            return;
        }

        if (_pending.Length - buffered >= count)
        {
            _pending.AsSpan(_pendingStart, buffered).CopyTo(_pending);
        }
        else
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffered + count, _pending.Length * 2));
            _pending.AsSpan(_pendingStart, buffered).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_pending);
            _pending = larger;
        }

        _pendingStart = 0;
        _pendingEnd = buffered;
    }

    private void ReturnPending()
    {
        if (_pending is not null)
        {
            ArrayPool<byte>.Shared.Return(_pending);
            _pending = null;
        }

        _pendingStart = _pendingEnd = 0;
    }

    private void ReleaseReadBuffers()
    {
        ReturnPending();
        _receiveArgs?.Dispose();
    }

    /// <summary>Lingering close: receives and drops what the peer still sends; its end of the stream (or an error) ends the lingering.</summary>
    private void Discard()
    {
        var scratch = t_scratchInUse ? new byte[4096] : t_scratch ??= GC.AllocateUninitializedArray<byte>(ScratchSize);
        while (true)
        {
            int n;
            SocketError error;
            try
            {
                n = _socket.Receive(scratch, 0, scratch.Length, SocketFlags.None, out error);
            }
            catch (ObjectDisposedException)
            {
                n = 0;
                error = SocketError.OperationAborted;
            }

            if (error == SocketError.WouldBlock)
            {
                return;
            }

            if (error != SocketError.Success || n == 0)
            {
                EndLinger();
                return;
            }

            Interlocked.Add(ref _bytesRead, n);
            Volatile.Write(ref _lingerLastData, Environment.TickCount64);
        }
    }

    private void RunReadFilters(int start)
    {
        var filters = _readFilters;
        for (var i = start; i < filters.Count; i++)
        {
            if (filters[i].OnData(_readBuffer) == FilterStatus.StopIteration || _state == (int)ConnectionState.Closed)
            {
                return;
            }
        }
    }

    private sealed class ReadFilterCallbacks(SocketConnection connection, int index) : IReadFilterCallbacks
    {
        public IConnection Connection => connection;

        public void ContinueReading() => connection.ContinueReading(index);
    }

    /// <summary>The connection's zero-byte receive; completions go straight to the connection (no delegate, no execution context).</summary>
    private sealed class ReceiveEventArgs : SocketAsyncEventArgs
    {
        private readonly SocketConnection _connection;

        public ReceiveEventArgs(SocketConnection connection)
            : base(unsafeSuppressExecutionContextFlow: true)
        {
            _connection = connection;
            SetBuffer(Memory<byte>.Empty);
        }

        protected override void OnCompleted(SocketAsyncEventArgs e) => _connection.OnReceiveCompleted(e.SocketError);
    }
}
