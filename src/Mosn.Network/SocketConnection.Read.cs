using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Mosn.Abstractions.Network;

namespace Mosn.Network;

public sealed partial class SocketConnection
{
    private async Task ReadLoopAsync()
    {
        var reason = ConnectionEvent.RemoteClose;
        try
        {
            for (var i = 0; i < _readFilters.Count; i++)
            {
                if (_readFilters[i].OnNewConnection() == FilterStatus.StopIteration)
                {
                    break;
                }
            }

            long unconsumed = 0;
            while (_state != (int)ConnectionState.Closed)
            {
                Task? waitEnabled = null;
                lock (_readLock)
                {
                    if (_readDisableCount > 0)
                    {
                        _enableWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        waitEnabled = _enableWaiter.Task;
                    }
                }

                if (waitEnabled is not null)
                {
                    await waitEnabled;
                    continue;
                }

                var result = await _input.ReadAsync();
                var buffer = result.Buffer;
                if (buffer.Length > unconsumed)
                {
                    Interlocked.Add(ref _bytesRead, buffer.Length - unconsumed);
                    Touch();
                }

                if (_state == (int)ConnectionState.Closed)
                {
                    _input.AdvanceTo(buffer.End);
                    break;
                }

                int epoch;
                int startFilter;
                lock (_readLock)
                {
                    if (_readDisableCount > 0)
                    {
                        // Disabled while we were waiting for bytes: keep them for when reading resumes.
                        _input.AdvanceTo(buffer.Start, buffer.Start);
                        unconsumed = buffer.Length;
                        continue;
                    }

                    epoch = _enableEpoch;
                    startFilter = _continueFromFilter;
                    _continueFromFilter = 0;
                }

                _readBuffer.Reset(buffer, result.IsCompleted);
                RunBatched((this, startFilter), static s => s.Item1.RunReadFilters(s.Item2));
                var consumed = _readBuffer.Data.Start;
                unconsumed = _readBuffer.Length;
                _readBuffer.Reset(default, false);

                if (result.IsCompleted)
                {
                    _input.AdvanceTo(consumed, buffer.End);
                    break;
                }

                bool keepExamined;
                lock (_readLock)
                {
                    // Present the unconsumed bytes again without waiting for new ones when reading was re-enabled (or a
                    // filter asked to continue) during the dispatch, or when reading is now disabled (the loop waits above).
                    keepExamined = _readDisableCount > 0 || _enableEpoch != epoch;
                }

                _input.AdvanceTo(consumed, keepExamined ? consumed : buffer.End);
            }
        }
        catch (ConnectionResetException)
        {
            reason = ConnectionEvent.RemoteClose;
        }
        catch (ConnectionAbortedException)
        {
            reason = ConnectionEvent.LocalClose;
        }
        catch (OperationCanceledException)
        {
            reason = ConnectionEvent.LocalClose;
        }
        catch (IOException)
        {
            reason = ConnectionEvent.OnReadErrClose;
        }
        catch (Exception ex)
        {
            // A filter threw: a programmer error. Log it loudly and close this connection only.
            Log.ReadFilterFailed(_logger, Id, ex);
            reason = ConnectionEvent.OnReadErrClose;
            Close(ConnectionCloseType.NoFlush, reason);
        }

        if (_linger is { } linger)
        {
            await LingerAsync(linger.Token);
            lock (_writeLock)
            {
                _output.Complete();
                _linger = null; // a later Close must not cancel a disposed source
            }

            linger.Dispose();
        }

        // The peer finished (FIN/reset) or the connection was closed locally.
        Close(ConnectionCloseType.FlushWrite, reason);
        try
        {
            await _input.CompleteAsync();
        }
        catch (Exception ex)
        {
            Log.DisposeFailed(_logger, Id, ex);
        }

        await DisposeContextAsync();
    }

    /// <summary>
    /// The reading half of a lingering close: discards what the peer still sends until it closes its side, sends nothing
    /// for <see cref="LingerIdleTimeout"/>, fails, or <paramref name="token"/> ends it (<see cref="LingerTime"/>, or
    /// another close).
    /// </summary>
    private async Task LingerAsync(CancellationToken token)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(token);
        try
        {
            while (true)
            {
                idle.CancelAfter(LingerIdleTimeout);
                var result = await _input.ReadAsync(idle.Token);
                _input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // Idle, too long, closed again, or the peer reset: stop lingering.
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
}
