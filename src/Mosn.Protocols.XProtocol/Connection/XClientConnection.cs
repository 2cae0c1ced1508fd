using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;

namespace Mosn.Protocols.XProtocol.Connection;

/// <summary>
/// The client side of an X protocol on one upstream connection: each stream gets a request id of this connection's own
/// (so requests from many downstream connections never collide), its request is encoded with that id, and the response
/// carrying it is delivered back to the stream's receiver.
/// </summary>
/// <remarks>
/// <para>Ids run from 1 to <see cref="IXProtocolCodec.MaxRequestId"/> and wrap, skipping ids still in flight. A stream
/// counts in <see cref="IStreamConnection.ActiveStreamCount"/> from <see cref="NewStream"/> until its response arrives,
/// it is reset, or (one-way requests) its request is sent; then <see cref="IClientStreamConnectionCallbacks.OnStreamComplete"/>
/// is raised, never under the lock.</para>
/// <para>A response whose id no stream waits for (answered after a timeout reset it, or bogus) is dropped and counted
/// (<see cref="XProtocolStats.UnknownResponses"/>). Heartbeats from the server are answered; a GoAway frame stops new
/// streams and the connection closes once its last stream ends. When the connection closes, streams whose request was
/// not sent yet are reset with <see cref="StreamResetReason.RefusedStream"/> (safe to retry), the others with
/// <see cref="StreamResetReason.ConnectionTermination"/>.</para>
/// <para>Keepalive (MOSN's <c>keepalive.go</c>): every <see cref="XProtocolOptions.KeepaliveInterval"/>, if nothing was
/// received since the last tick and no heartbeat is outstanding, the codec's heartbeat goes out with an id of this
/// connection's. An answer within <see cref="XProtocolOptions.KeepaliveTimeout"/> clears the failure count; after
/// <see cref="XProtocolOptions.KeepaliveFailuresToClose"/> unanswered heartbeats in a row the connection is closed
/// (its streams are reset with <see cref="StreamResetReason.ConnectionTermination"/>). Timers come from the
/// <see cref="TimeProvider"/> given at construction and are disposed when the connection closes.</para>
/// </remarks>
internal sealed class XClientConnection : XStreamConnection, IClientStreamConnection
{
    private readonly IClientStreamConnectionCallbacks _callbacks;
    private ulong _nextRequestId = 1;
    private bool _goAwayReceived;
    private bool _goAwaySent;

    // Keepalive state (guarded by Sync, except the received flag).
    private readonly ITimer? _keepaliveTimer;
    private readonly ITimer? _heartbeatTimeoutTimer;
    private int _receivedSinceTick;
    private bool _heartbeatPending;
    private ulong _heartbeatId;
    private int _heartbeatFailures;

    public XClientConnection(
        IConnection connection,
        IClientStreamConnectionCallbacks callbacks,
        IXProtocolCodec codec,
        XProtocolOptions options,
        TimeProvider? timeProvider = null)
        : base(connection, codec, options)
    {
        _callbacks = callbacks;
        var interval = options.KeepaliveInterval;
        if (interval > TimeSpan.Zero)
        {
            var time = timeProvider ?? TimeProvider.System;
            _heartbeatTimeoutTimer = time.CreateTimer(static state => ((XClientConnection)state!).OnHeartbeatTimeout(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _keepaliveTimer = time.CreateTimer(static state => ((XClientConnection)state!).OnKeepaliveTick(), this, interval, interval);
        }
    }

    /// <summary>Keepalive heartbeats that went unanswered in a row (reset by an answer).</summary>
    internal int HeartbeatFailures
    {
        get
        {
            lock (Sync)
            {
                return _heartbeatFailures;
            }
        }
    }

    /// <inheritdoc />
    public bool CanStartStream
    {
        get
        {
            lock (Sync)
            {
                return !Closed && !_goAwayReceived && !_goAwaySent;
            }
        }
    }

    /// <inheritdoc />
    public IStreamSender NewStream(IStreamReceiver responseReceiver)
    {
        ArgumentNullException.ThrowIfNull(responseReceiver);
        XStream stream;
        lock (Sync)
        {
            if (Closed || _goAwayReceived || _goAwaySent)
            {
                stream = new XStream(this, 0, responseReceiver) { IsClosed = true, IsReset = true, LocalEnded = true };
            }
            else
            {
                stream = new XStream(this, AllocateRequestIdLocked(), responseReceiver);
                Streams[stream.RequestId] = stream;
            }
        }

        if (stream.IsReset)
        {
            // Listeners subscribing later still hear it (StreamEventListeners replays a reset to late subscribers).
            stream.Listeners.NotifyReset(StreamResetReason.RefusedStream);
        }

        return stream;
    }

    private ulong AllocateRequestIdLocked()
    {
        while (true)
        {
            var id = _nextRequestId;
            _nextRequestId = id >= Codec.MaxRequestId ? 1 : id + 1;
            if (!Streams.ContainsKey(id) && !(_heartbeatPending && id == _heartbeatId))
            {
                return id;
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>No frame is sent: no new streams start, and the connection closes once its last stream ends.</remarks>
    public override void GoAway()
    {
        lock (Sync)
        {
            if (Closed || _goAwaySent)
            {
                return;
            }

            _goAwaySent = true;
            CloseIfIdleLocked();
        }

        RunDeferred();
    }

    /// <inheritdoc />
    protected override void EncodeLocked(XStream stream, IHeaderMap headers, in ReadOnlySequence<byte> body)
    {
        if (Closed)
        {
            return; // the close resets the stream
        }

        var output = Connection.BeginWrite();
        var encoded = Codec.EncodeRequest(output, stream.RequestId, headers, body);
        Connection.EndWrite();
        if (!encoded)
        {
            ResetLocked(stream, StreamResetReason.LocalReset);
            return;
        }

        XProtocolStats.OnUpstreamRequest();
        if (Codec.IsOneWay(headers))
        {
            stream.OneWay = true;
            CloseStreamLocked(stream);
            DeferOneWayDone(stream);
        }
    }

    /// <inheritdoc />
    protected override void OnFrame(in XFrame frame)
    {
        switch (frame.Kind)
        {
            case XFrameKind.Response:
                OnResponse(frame);
                return;
            case XFrameKind.Heartbeat:
                ReplyHeartbeat(frame);
                return;
            case XFrameKind.GoAway:
                lock (Sync)
                {
                    if (!_goAwayReceived)
                    {
                        _goAwayReceived = true;
                        DeferGoAwayNotification();
                        CloseIfIdleLocked();
                    }
                }

                return;
            case XFrameKind.HeartbeatAck:
                OnHeartbeatAck(frame.RequestId);
                return;
            default:
                return; // requests: nothing waits for them
        }
    }

    // ------------------------------------------------------------ keepalive

    /// <inheritdoc />
    protected override void OnBytesReceived() => Volatile.Write(ref _receivedSinceTick, 1);

    private void OnKeepaliveTick()
    {
        if (Interlocked.Exchange(ref _receivedSinceTick, 0) != 0)
        {
            return; // not idle
        }

        lock (Sync)
        {
            if (Closed || _heartbeatPending)
            {
                return;
            }

            _heartbeatId = AllocateRequestIdLocked();
            _heartbeatPending = true;
            var output = Connection.BeginWrite();
            Codec.EncodeHeartbeat(output, _heartbeatId);
            Connection.EndWrite();
            _heartbeatTimeoutTimer?.Change(Options.KeepaliveTimeout, Timeout.InfiniteTimeSpan);
        }

        XProtocolStats.OnKeepaliveSent();
    }

    private void OnHeartbeatAck(ulong requestId)
    {
        lock (Sync)
        {
            if (!_heartbeatPending || requestId != _heartbeatId)
            {
                return; // late (already counted as failed) or not ours
            }

            _heartbeatPending = false;
            _heartbeatFailures = 0;
            _heartbeatTimeoutTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnHeartbeatTimeout()
    {
        var close = false;
        lock (Sync)
        {
            if (Closed || !_heartbeatPending)
            {
                return;
            }

            _heartbeatPending = false;
            XProtocolStats.OnKeepaliveFailure();
            if (++_heartbeatFailures >= Options.KeepaliveFailuresToClose)
            {
                close = true;
                Closed = true;
                DeferClose(ConnectionCloseType.NoFlush);
            }
        }

        if (close)
        {
            XProtocolStats.OnKeepaliveClose();
            RunDeferred(inline: true);
        }
    }

    /// <inheritdoc />
    protected override void OnConnectionClosed()
    {
        _keepaliveTimer?.Dispose();
        _heartbeatTimeoutTimer?.Dispose();
    }

    private void OnResponse(in XFrame frame)
    {
        XStream? stream;
        lock (Sync)
        {
            if (!Streams.TryGetValue(frame.RequestId, out stream) || !stream.LocalEnded)
            {
                stream = null;
            }
            else
            {
                CloseStreamLocked(stream);
            }
        }

        if (stream is null)
        {
            XProtocolStats.OnUnknownResponse();
            return;
        }

        XProtocolStats.OnUpstreamResponse();
        var hasBody = !frame.Body.IsEmpty;
        stream.Receiver?.OnHeaders(frame.Headers, endStream: !hasBody);
        if (hasBody)
        {
            stream.Receiver?.OnData(frame.Body, endStream: true);
        }
    }

    /// <inheritdoc />
    protected override void OnStreamClosedLocked(XStream stream)
    {
        DeferStreamCompletion();
        CloseIfIdleLocked();
    }

    /// <inheritdoc />
    protected override StreamResetReason ResetReasonOnClose(XStream stream) =>
        stream.LocalEnded ? StreamResetReason.ConnectionTermination : StreamResetReason.RefusedStream;

    private void CloseIfIdleLocked()
    {
        if ((_goAwayReceived || _goAwaySent) && Streams.Count == 0 && !Closed)
        {
            DeferClose(ConnectionCloseType.FlushWrite);
        }
    }

    /// <inheritdoc />
    protected override void NotifyStreamComplete() => _callbacks.OnStreamComplete();

    /// <inheritdoc />
    protected override void NotifyGoAway() => _callbacks.OnGoAway();
}
