using System.Buffers;
using System.IO.Pipelines;
using Mosn.Abstractions.Network;

namespace Mosn.Network;

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

    private bool _inBatch;
    private IBufferWriter<byte>? _currentWriter;
    private long _writeStartBytes;

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
            _writeStartBytes = _output.UnflushedBytes;
            _currentWriter = _output;
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
        ValueTask<FlushResult> pending = default;
        var startedAsyncFlush = false;
        var becameAbove = false;
        try
        {
            var writer = _currentWriter;
            _currentWriter = null;
            if (writer is null || ReferenceEquals(writer, s_discard) || _state == (int)ConnectionState.Closed)
            {
                return;
            }

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

                _output.Write(_staging.WrittenSpan);
                written = _staging.WrittenCount;
            }
            else
            {
                written = _output.UnflushedBytes - _writeStartBytes;
            }

            if (written == 0)
            {
                return;
            }

            Interlocked.Add(ref _bytesWritten, written);
            Touch();
            if (t_batch is { } batch)
            {
                if (!_inBatch)
                {
                    _inBatch = true;
                    batch.Add(this);
                }

                return;
            }

            if (_flushInFlight)
            {
                _flushPending = true;
                return;
            }

            startedAsyncFlush = StartFlushLocked(out pending, out becameAbove);
        }
        finally
        {
            _writeLock.Exit();
        }

        AfterFlushStarted(startedAsyncFlush, pending, becameAbove);
    }

    /// <summary>Starts a flush; true when it did not complete synchronously (the send buffer is above the limit). Under <c>_writeLock</c>.</summary>
    private bool StartFlushLocked(out ValueTask<FlushResult> pending, out bool becameAbove)
    {
        becameAbove = false;
        pending = _output.FlushAsync();
        if (pending.IsCompletedSuccessfully)
        {
            var result = pending.Result;
            pending = default;
            if (result.IsCompleted)
            {
                // The transport's sender is gone: the socket failed. The read loop reports the close.
                _context.Abort();
            }

            return false;
        }

        _flushInFlight = true;
        if (!_aboveHighWatermark)
        {
            _aboveHighWatermark = true;
            becameAbove = true;
        }

        return true;
    }

    private void AfterFlushStarted(bool startedAsyncFlush, ValueTask<FlushResult> pending, bool becameAbove)
    {
        if (becameAbove)
        {
            RaiseWatermark(above: true);
        }

        if (startedAsyncFlush)
        {
            _ = AwaitFlushAsync(pending);
        }
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
            t_batchList = null; // a flush below may dispatch inline on this thread: it must not share this list
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
        ValueTask<FlushResult> pending = default;
        var startedAsyncFlush = false;
        var becameAbove = false;
        _writeLock.Enter();
        try
        {
            _inBatch = false;
            if (_state == (int)ConnectionState.Closed)
            {
                return;
            }

            if (_flushInFlight)
            {
                _flushPending = true;
                return;
            }

            startedAsyncFlush = StartFlushLocked(out pending, out becameAbove);
        }
        finally
        {
            _writeLock.Exit();
        }

        AfterFlushStarted(startedAsyncFlush, pending, becameAbove);
    }

    private async Task AwaitFlushAsync(ValueTask<FlushResult> flush)
    {
        while (true)
        {
            FlushResult result;
            try
            {
                result = await flush;
            }
            catch (Exception ex)
            {
                // Write failure (socket reset while sending): close; listeners learn it through the close event.
                Log.WriteFailed(_logger, Id, ex);
                lock (_writeLock)
                {
                    _flushInFlight = false;
                }

                Close(ConnectionCloseType.NoFlush, ConnectionEvent.OnWriteErrClose);
                return;
            }

            bool raiseBelow;
            lock (_writeLock)
            {
                // Once closed, only a lingering close still has bytes to push: it keeps its output open.
                if (result.IsCompleted || result.IsCanceled || (_state == (int)ConnectionState.Closed && (_linger is null || !_flushPending)))
                {
                    _flushInFlight = false;
                    return;
                }

                if (_flushPending)
                {
                    _flushPending = false;
                    flush = _output.FlushAsync();
                    if (!flush.IsCompletedSuccessfully)
                    {
                        continue;
                    }
                }

                _flushInFlight = false;
                raiseBelow = _aboveHighWatermark;
                _aboveHighWatermark = false;
            }

            if (raiseBelow)
            {
                RaiseWatermark(above: false);
            }

            return;
        }
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
