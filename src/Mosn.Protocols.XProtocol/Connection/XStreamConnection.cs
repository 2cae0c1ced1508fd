using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Streams;

namespace Mosn.Protocols.XProtocol.Connection;

/// <summary>
/// What the server and client sides of an X protocol share on one connection: the frame loop, the stream table keyed by
/// request id, the body assembly of outgoing frames, heartbeat answers, and the deferred callbacks.
/// </summary>
/// <remarks>
/// <para>Threading: <see cref="Dispatch"/> runs on the connection's read loop; senders, resets and read-disables come from
/// any thread. <see cref="Sync"/> guards all state and every write, so frames leave whole and in order. Receivers and
/// listeners are never called while it is held: frames are delivered by the read loop after the lock is released, and
/// resets, watermark transitions, pool notifications and closes raised under the lock are queued and run by
/// <see cref="RunDeferred"/> (one runner at a time per connection, so they arrive in order).</para>
/// <para>A frame is one message: headers and body arrive together and leave together. Outgoing headers wait for the end of
/// the body; a body given in one call is encoded straight from the caller's buffer, one given in several is gathered first.</para>
/// </remarks>
internal abstract class XStreamConnection : IStreamConnection, IConnectionEventListener
{
    private readonly List<(XStream Stream, StreamResetReason Reason)> _deferredResets = [];
    private readonly List<(XStream[] Streams, bool Above)> _deferredWatermarks = [];
    private readonly List<XStream> _deferredOneWayDone = [];
    private int _deferredStreamCompletions;
    private bool _deferredGoAway;
    private bool _deferredClose;
    private ConnectionCloseType _deferredCloseType;
    private readonly DeferredCallbackRunner _deferred;
    private readonly HeaderValueCache _strings = new(); // the previous frame's strings, for the codec to reuse (read loop only)
    private int _closedFlag;

    protected XStreamConnection(IConnection connection, IXProtocolCodec codec, XProtocolOptions options)
    {
        Connection = connection;
        Codec = codec;
        Options = options;
        _deferred = new DeferredCallbackRunner(Sync, DrainDeferred);
        connection.AddConnectionEventListener(this);
    }

    /// <inheritdoc />
    public string Protocol => Codec.Name;

    /// <summary>The transport connection.</summary>
    internal IConnection Connection { get; }

    /// <summary>Guards all state and writes.</summary>
    internal Lock Sync { get; } = new();

    protected IXProtocolCodec Codec { get; }

    protected XProtocolOptions Options { get; }

    /// <summary>Streams waiting for a response, by request id (guarded by <see cref="Sync"/>).</summary>
    protected Dictionary<ulong, XStream> Streams { get; } = [];

    /// <summary>The transport closed or is closing; nothing more is decoded or sent.</summary>
    protected bool Closed
    {
        get => Volatile.Read(ref _closedFlag) != 0;
        set => Volatile.Write(ref _closedFlag, value ? 1 : 0);
    }

    /// <summary>The connection is above its write high watermark (guarded by <see cref="Sync"/>).</summary>
    protected bool ConnectionAbove { get; private set; }

    /// <inheritdoc />
    public int ActiveStreamCount
    {
        get
        {
            lock (Sync)
            {
                return Streams.Count;
            }
        }
    }

    /// <inheritdoc />
    public abstract void GoAway();

    // ------------------------------------------------------------ decoding

    /// <inheritdoc />
    public void Dispatch(ReadBuffer buffer)
    {
        OnBytesReceived();
        while (true)
        {
            if (Closed)
            {
                buffer.ConsumeAll();
                break;
            }

            var data = buffer.Data;
            if (data.IsEmpty)
            {
                break;
            }

            var status = Codec.Decode(data, Options, _strings, out var frame);
            if (status == XDecodeStatus.NeedMoreData)
            {
                break;
            }

            if (status == XDecodeStatus.Malformed)
            {
                XProtocolStats.OnMalformedFrame();
                buffer.ConsumeAll();
                lock (Sync)
                {
                    Closed = true;
                    DeferClose(ConnectionCloseType.NoFlush);
                }

                break;
            }

            OnFrame(frame);
            buffer.Consume(frame.Length);
        }

        RunDeferred(inline: true);
    }

    /// <summary>Called at the start of each <see cref="Dispatch"/> (bytes arrived). On the read loop, without the lock.</summary>
    protected virtual void OnBytesReceived()
    {
    }

    /// <summary>Handles one decoded frame. Called on the read loop without the lock; the frame's body is valid during the call.</summary>
    protected abstract void OnFrame(in XFrame frame);

    /// <summary>Answers a heartbeat at once, without routing it (MOSN's <c>Heartbeater.Reply</c>).</summary>
    protected void ReplyHeartbeat(in XFrame frame)
    {
        lock (Sync)
        {
            if (Closed)
            {
                return;
            }

            var output = Connection.BeginWrite();
            Codec.EncodeHeartbeatReply(output, frame);
            Connection.EndWrite();
        }

        XProtocolStats.OnHeartbeatAnswered();
    }

    // ------------------------------------------------------------ sending (any thread)

    internal void SendHeaders(XStream stream, IHeaderMap headers, bool endStream)
    {
        lock (Sync)
        {
            if (stream.IsClosed || stream.LocalEnded || stream.PendingHeaders is not null)
            {
                return;
            }

            stream.PendingHeaders = headers;
            if (endStream)
            {
                EndLocal(stream, ReadOnlySequence<byte>.Empty);
            }
        }

        RunDeferred();
    }

    internal void SendData(XStream stream, in ReadOnlySequence<byte> data, bool endStream)
    {
        lock (Sync)
        {
            if (stream.IsClosed || stream.LocalEnded || stream.PendingHeaders is null)
            {
                return;
            }

            var gathered = stream.PendingBody;
            if ((gathered?.WrittenCount ?? 0) + data.Length > Options.MaxFrameSize)
            {
                ResetLocked(stream, StreamResetReason.LocalReset);
            }
            else if (endStream && gathered is null)
            {
                EndLocal(stream, data); // the common case: the whole body in one call, encoded straight from it
            }
            else
            {
                gathered ??= stream.PendingBody = new ArrayBufferWriter<byte>((int)Math.Max(256, data.Length * 2));
                foreach (var segment in data)
                {
                    gathered.Write(segment.Span);
                }

                if (endStream)
                {
                    EndLocal(stream, new ReadOnlySequence<byte>(gathered.WrittenMemory));
                }
            }
        }

        RunDeferred();
    }

    internal void SendTrailers(XStream stream)
    {
        // RPC frames have no trailers: they end the message.
        lock (Sync)
        {
            if (stream.IsClosed || stream.LocalEnded || stream.PendingHeaders is null)
            {
                return;
            }

            var body = stream.PendingBody is { } gathered ? new ReadOnlySequence<byte>(gathered.WrittenMemory) : ReadOnlySequence<byte>.Empty;
            EndLocal(stream, body);
        }

        RunDeferred();
    }

    private void EndLocal(XStream stream, in ReadOnlySequence<byte> body)
    {
        stream.LocalEnded = true;
        var headers = stream.PendingHeaders!;
        stream.PendingHeaders = null;
        EncodeLocked(stream, headers, body);
        stream.PendingBody = null;
    }

    /// <summary>Encodes the stream's frame (request or response) and finishes the local side. Caller holds the lock.</summary>
    protected abstract void EncodeLocked(XStream stream, IHeaderMap headers, in ReadOnlySequence<byte> body);

    internal void ResetStream(XStream stream, StreamResetReason reason)
    {
        lock (Sync)
        {
            ResetLocked(stream, reason);
        }

        RunDeferred();
    }

    internal void ReadDisableStream(XStream stream, bool disable)
    {
        lock (Sync)
        {
            stream.ReadDisableCount = Math.Max(0, stream.ReadDisableCount + (disable ? 1 : -1));
        }
    }

    // ------------------------------------------------------------ stream table

    /// <summary>Marks a stream reset, drops it from the table and queues the reset for its listeners. Caller holds the lock.</summary>
    protected void ResetLocked(XStream stream, StreamResetReason reason)
    {
        if (stream.IsReset || stream.IsClosed)
        {
            return;
        }

        stream.IsReset = true;
        stream.LocalEnded = true;
        stream.PendingHeaders = null;
        stream.PendingBody = null;
        _deferredResets.Add((stream, reason));
        _deferred.MarkPending();
        CloseStreamLocked(stream);
    }

    /// <summary>Removes a finished or reset stream from the table. Caller holds the lock.</summary>
    protected void CloseStreamLocked(XStream stream)
    {
        if (stream.IsClosed)
        {
            return;
        }

        stream.IsClosed = true;
        if (Streams.TryGetValue(stream.RequestId, out var current) && ReferenceEquals(current, stream))
        {
            Streams.Remove(stream.RequestId);
        }

        OnStreamClosedLocked(stream);
    }

    /// <summary>A stream left the table (clean end or reset). Caller holds the lock.</summary>
    protected virtual void OnStreamClosedLocked(XStream stream)
    {
    }

    // ------------------------------------------------------------ deferred callbacks

    protected void DeferStreamCompletion()
    {
        _deferredStreamCompletions++;
        _deferred.MarkPending();
    }

    protected void DeferGoAwayNotification()
    {
        _deferredGoAway = true;
        _deferred.MarkPending();
    }

    protected void DeferClose(ConnectionCloseType type)
    {
        _deferredClose = true;
        _deferredCloseType = type;
        _deferred.MarkPending();
    }

    /// <summary>Queues the end of a one-way request for its receiver (it gets an empty successful response: none will come).</summary>
    protected void DeferOneWayDone(XStream stream)
    {
        _deferredOneWayDone.Add(stream);
        _deferred.MarkPending();
    }

    /// <summary>Called for the pool after each stream leaves the table (client side).</summary>
    protected virtual void NotifyStreamComplete()
    {
    }

    /// <summary>Called once after the peer said it takes no more requests.</summary>
    protected virtual void NotifyGoAway()
    {
    }

    /// <summary>
    /// Runs the callbacks queued under the lock. A no-op while the calling thread holds <see cref="Sync"/>.
    /// </summary>
    /// <param name="inline">
    /// True only on the read loop, which holds no other lock. Other callers (a sender or reset, called by the proxy while
    /// it holds that stream's lock) have the callbacks run on the thread pool: they go to other streams' listeners.
    /// </param>
    internal void RunDeferred(bool inline = false) => _deferred.Run(inline);

    private void DrainDeferred()
    {
        while (true)
        {
            (XStream Stream, StreamResetReason Reason)[]? resets = null;
            (XStream[] Streams, bool Above)[]? watermarks = null;
            XStream[]? oneWays = null;
            int completions;
            bool goAway;
            bool close;
            ConnectionCloseType closeType;
            lock (Sync)
            {
                if (_deferredResets.Count == 0 && _deferredWatermarks.Count == 0 && _deferredOneWayDone.Count == 0
                    && _deferredStreamCompletions == 0 && !_deferredGoAway && !_deferredClose)
                {
                    _deferred.MarkIdle();
                    return;
                }

                if (_deferredResets.Count > 0)
                {
                    resets = [.. _deferredResets];
                    _deferredResets.Clear();
                }

                if (_deferredWatermarks.Count > 0)
                {
                    watermarks = [.. _deferredWatermarks];
                    _deferredWatermarks.Clear();
                }

                if (_deferredOneWayDone.Count > 0)
                {
                    oneWays = [.. _deferredOneWayDone];
                    _deferredOneWayDone.Clear();
                }

                completions = _deferredStreamCompletions;
                _deferredStreamCompletions = 0;
                goAway = _deferredGoAway;
                _deferredGoAway = false;
                close = _deferredClose;
                closeType = _deferredCloseType;
                _deferredClose = false;
            }

            if (watermarks is not null)
            {
                foreach (var (streams, above) in watermarks)
                {
                    foreach (var stream in streams)
                    {
                        if (above)
                        {
                            stream.Listeners.NotifyAboveWriteBufferHighWatermark();
                        }
                        else
                        {
                            stream.Listeners.NotifyBelowWriteBufferLowWatermark();
                        }
                    }
                }
            }

            if (resets is not null)
            {
                foreach (var (stream, reason) in resets)
                {
                    stream.Listeners.NotifyReset(reason);
                }
            }

            if (oneWays is not null)
            {
                foreach (var stream in oneWays)
                {
                    var headers = new Mosn.Streams.HeaderMap(1);
                    headers.Set(PseudoHeaders.Status, "200");
                    stream.Receiver?.OnHeaders(headers, endStream: true);
                }
            }

            if (goAway)
            {
                NotifyGoAway();
            }

            for (var i = 0; i < completions; i++)
            {
                NotifyStreamComplete();
            }

            if (close)
            {
                Connection.Close(closeType);
            }
        }
    }

    // ------------------------------------------------------------ connection events

    /// <inheritdoc />
    public void OnEvent(ConnectionEvent connectionEvent)
    {
        if (!connectionEvent.IsClose())
        {
            return;
        }

        lock (Sync)
        {
            Closed = true;
            foreach (var stream in Streams.Values.ToArray())
            {
                ResetLocked(stream, ResetReasonOnClose(stream));
            }

            _deferredClose = false;
        }

        OnConnectionClosed();
        RunDeferred();
    }

    /// <summary>Called once the transport closed (after the streams were reset), without the lock.</summary>
    protected virtual void OnConnectionClosed()
    {
    }

    /// <summary>The reset reason of a stream whose connection closed.</summary>
    protected virtual StreamResetReason ResetReasonOnClose(XStream stream) => StreamResetReason.ConnectionTermination;

    /// <inheritdoc />
    public void OnAboveWriteBufferHighWatermark() => OnConnectionWatermark(above: true);

    /// <inheritdoc />
    public void OnBelowWriteBufferLowWatermark() => OnConnectionWatermark(above: false);

    private void OnConnectionWatermark(bool above)
    {
        lock (Sync)
        {
            if (ConnectionAbove == above)
            {
                return;
            }

            ConnectionAbove = above;
            if (Streams.Count > 0)
            {
                _deferredWatermarks.Add(([.. Streams.Values], above));
                _deferred.MarkPending();
            }
        }

        RunDeferred();
    }
}
