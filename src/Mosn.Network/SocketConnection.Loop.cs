using System.Net.Sockets;
using Mosn.Abstractions.Network;
using Mosn.Network.Unix;

namespace Mosn.Network;

/// <content>
/// The connection on an <see cref="EpollLoop"/> (Linux): the socket is registered once, edge-triggered for reading and
/// writing. Readable: the read side receives (as after a zero-byte receive, without posting one). Writable: what a
/// flush could not send goes out (the loop's replacement for an asynchronous send; <c>_sendInFlight</c> means "waiting
/// for the socket to become writable").
/// </content>
public sealed partial class SocketConnection : IEpollHandler
{
    private readonly EpollLoop? _loop;
    private ulong _epollToken;

    // The loop reported the peer's FIN (or an error): a short read no longer means the socket is drained.
    private volatile bool _peerFinished;

    /// <inheritdoc />
    ulong IEpollHandler.EpollToken
    {
        get => _epollToken;
        set => _epollToken = value;
    }

    /// <inheritdoc />
    void IEpollHandler.OnEpollEvents(uint events)
    {
        // Writable first: the unsent bytes leave before a read dispatch adds more.
        if ((events & (Epoll.Out | Epoll.Err | Epoll.Hup)) != 0)
        {
            OnWritable();
        }

        if ((events & (Epoll.In | Epoll.Err | Epoll.Hup | Epoll.RdHup)) != 0)
        {
            if ((events & (Epoll.Err | Epoll.Hup | Epoll.RdHup)) != 0)
            {
                _peerFinished = true;
            }

            OnReceiveCompleted(SocketError.Success);
        }
    }

    /// <inheritdoc />
    void IEpollHandler.OnEpollFailure(Exception exception)
    {
        Log.ReadFilterFailed(_logger, Id, exception);
        Close(ConnectionCloseType.NoFlush, ConnectionEvent.OnReadErrClose);
    }

    /// <summary>
    /// Sends the buffered bytes with non-blocking sends until they are gone or the socket takes no more; then waits for
    /// the loop to report it writable. Under <c>_writeLock</c>.
    /// </summary>
    private SendOutcome FlushOnLoopLocked(SendBuffer buffer)
    {
        var error = SendAvailableLocked(buffer);
        if (error == SocketError.Success)
        {
            buffer.Release(); // an idle connection holds no send buffer
            return SendOutcome.Sent;
        }

        if (error != SocketError.WouldBlock)
        {
            return SendOutcome.Failed;
        }

        _sendInFlight = true; // the loop's writable event sends the rest (OnWritable)
        return CheckAboveLocked();
    }

    /// <summary>
    /// Sends until <paramref name="buffer"/> is empty (<see cref="SocketError.Success"/>), the socket's buffer is full
    /// (<see cref="SocketError.WouldBlock"/>: the kernel then reports the next writable edge) or the send fails.
    /// </summary>
    private SocketError SendAvailableLocked(SendBuffer buffer)
    {
        while (buffer.Length > 0)
        {
            var sent = SendOnce(buffer, out var error);
            if (error != SocketError.Success)
            {
                return error;
            }

            buffer.Consume(sent);
        }

        return SocketError.Success;
    }

    /// <summary>The loop reported the socket writable (or failed): sends what waits, then what the send side owes (watermark, close).</summary>
    private void OnWritable()
    {
        var failed = SocketError.Success;
        var raiseBelow = false;
        var finishClose = false;
        lock (_writeLock)
        {
            if (!_sendInFlight || _sendClosed)
            {
                return; // nothing waits (the usual case: the writable bit comes with every read event)
            }

            var buffer = _sendBuffer!;
            var error = SendAvailableLocked(buffer);
            if (error == SocketError.WouldBlock)
            {
                // Still full: the next edge comes when the peer has read more.
            }
            else if (error != SocketError.Success)
            {
                _sendInFlight = false;
                failed = error;
            }
            else
            {
                _sendInFlight = false;
                buffer.Release();
            }

            if (failed == SocketError.Success)
            {
                OnSendProgressLocked(buffer, out raiseBelow, out finishClose);
            }
        }

        if (raiseBelow)
        {
            DeliverWatermarks();
        }

        if (failed != SocketError.Success)
        {
            OnSendFailed(new SocketException((int)failed));
        }

        if (finishClose)
        {
            FinishClose();
        }
    }
}
