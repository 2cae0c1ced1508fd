using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http2.Frames;
using Mosn.Protocols.Http2.HPack;
using Mosn.Protocols.Http2.Messages;
using Mosn.Streams;

namespace Mosn.Protocols.Http2.Connection;

/// <summary>
/// What the server and client sides of HTTP/2 share on one connection: the frame reader and HPACK contexts, SETTINGS,
/// PING, GOAWAY, the stream table, both directions of flow control, and the abuse limits.
/// </summary>
/// <remarks>
/// <para>Threading: <see cref="Dispatch"/> runs on the connection's read loop; the stream senders, resets and
/// read-disables come from any thread. <see cref="Sync"/> guards all state, the HPACK encoder and every write, so
/// frames leave in the order their state changed. Receivers and listeners are never called while it is held:
/// data, headers and trailers are delivered by the read loop after the lock is released, and resets, watermark
/// transitions and pool callbacks raised under the lock are queued and run by <see cref="RunDeferred"/> once it is.</para>
/// <para>Flow control, receiving: each stream grants <see cref="ProtocolOptions.InitialStreamWindowSize"/> and the
/// connection <see cref="ProtocolOptions.InitialConnectionWindowSize"/>; bytes are returned by WINDOW_UPDATE only once
/// the receiver has taken them with reading enabled, so a stream whose consumer is slow stops its peer within one
/// window and the connection's memory stays bounded by the connection window. Sending: DATA goes out as far as both
/// windows allow; the rest is queued per stream, and a stream whose queue passes <see cref="StreamHighWatermark"/>
/// tells its listeners to stop producing (the proxy then stops reading the other side).</para>
/// </remarks>
internal abstract partial class Http2Connection : IStreamConnection, IConnectionEventListener
{
    /// <summary>Queued send bytes of one stream past which its producer is told to pause.</summary>
    internal const int StreamHighWatermark = 64 * 1024;

    /// <summary>Queued send bytes under which a paused producer is told to resume.</summary>
    internal const int StreamLowWatermark = 32 * 1024;

    private readonly List<(Http2Stream Stream, StreamResetReason Reason)> _deferredResets = [];
    private readonly List<Http2Stream> _deferredWatermarks = [];
    private readonly List<Http2Stream> _blocked = [];
    private readonly DeferredCallbackRunner _deferred;
    private int _deferredStreamCompletions;
    private bool _deferredGoAway;
    private bool _deferredClose;
    private ConnectionCloseType _deferredCloseType;

    protected Http2Connection(IConnection connection, ProtocolOptions options, ILogger logger, bool isServer)
    {
        Connection = connection;
        Options = options;
        Logger = logger;
        IsServer = isServer;
        MaxHeaderListSize = options.MaxHeaderSize + (32 * options.MaxHeaderCount);
        Reader = new Http2FrameReader(isServer) { PushEnabled = false };
        Assembler = new HeaderBlockAssembler(MaxHeaderListSize, maxContinuationFrames: 32);
        // A single Huffman-coded field may decode to 8/5 of its encoded size: let the header list limit (431), not the
        // string limit (a compression error that ends the connection), catch a large but legal field.
        Decoder = new HPackDecoder(HPackDecoder.DefaultHeaderTableSize, MaxHeaderListSize, MaxHeaderListSize * 8 / 5);
        Encoder = new HPackEncoder();
        Collector = new HeaderBlockCollector(options.MaxHeaderCount);
        LocalStreamWindow = Math.Clamp(options.InitialStreamWindowSize, Http2Constants.DefaultInitialWindowSize, Http2Constants.MaxWindowSize);
        LocalConnectionWindow = Math.Clamp(options.InitialConnectionWindowSize, Http2Constants.DefaultInitialWindowSize, Http2Constants.MaxWindowSize);
        ConnectionRecvWindow = Http2Constants.DefaultInitialWindowSize;
        _deferred = new DeferredCallbackRunner(Sync, DrainDeferred);
        connection.AddConnectionEventListener(this);
    }

    /// <inheritdoc />
    public string Protocol => ProtocolNames.Http2;

    /// <summary>The transport connection.</summary>
    internal IConnection Connection { get; }

    /// <summary>Guards all state and writes.</summary>
    internal Lock Sync { get; } = new();

    protected ProtocolOptions Options { get; }

    protected ILogger Logger { get; }

    protected bool IsServer { get; }

    protected Http2FrameReader Reader { get; }

    protected HeaderBlockAssembler Assembler { get; }

    protected HPackDecoder Decoder { get; }

    protected HPackEncoder Encoder { get; }

    protected HeaderBlockCollector Collector { get; }

    protected int MaxHeaderListSize { get; }

    /// <summary>Open streams by id (guarded by <see cref="Sync"/>).</summary>
    protected Dictionary<uint, Http2Stream> Streams { get; } = [];

    /// <summary>The window we grant each new stream.</summary>
    protected int LocalStreamWindow { get; }

    /// <summary>The connection window we keep granting.</summary>
    protected int LocalConnectionWindow { get; }

    // Peer settings.
    protected int PeerMaxFrameSize { get; set; } = Http2Constants.DefaultMaxFrameSize;

    protected long PeerInitialWindow { get; set; } = Http2Constants.DefaultInitialWindowSize;

    protected long PeerMaxConcurrentStreams { get; set; } = uint.MaxValue;

    protected bool PeerSettingsReceived { get; set; }

    // Flow control, connection level.
    protected long ConnectionSendWindow { get; set; } = Http2Constants.DefaultInitialWindowSize;

    protected long ConnectionRecvWindow { get; set; }

    protected long ConnectionRecvUnacked { get; set; }

    /// <summary>GOAWAY sent (graceful or error): no new peer streams above <see cref="GoAwayLastStreamId"/>.</summary>
    protected bool GoAwaySent { get; set; }

    protected uint GoAwayLastStreamId { get; set; }

    /// <summary>GOAWAY received.</summary>
    protected bool GoAwayReceived { get; set; }

    /// <summary>The connection is closed or closing after a connection error; nothing more is processed.</summary>
    protected bool Closed
    {
        get => Volatile.Read(ref _closedFlag) != 0;
        set => Volatile.Write(ref _closedFlag, value ? 1 : 0);
    }

    /// <summary>The transport connection is above its write high watermark.</summary>
    protected bool ConnectionAbove { get; set; }

    /// <inheritdoc />
    public abstract int ActiveStreamCount { get; }

    // ------------------------------------------------------------ start-up

    /// <summary>Writes our SETTINGS and opens the connection window (after the client preface on the client side).</summary>
    protected void WriteInitialFrames(bool clientPreface)
    {
        lock (Sync)
        {
            var output = Connection.BeginWrite();
            if (clientPreface)
            {
                Http2FrameWriter.WriteClientPreface(output);
            }

            Span<Http2Setting> settings =
            [
                IsServer
                    ? new Http2Setting(Http2SettingsParameter.MaxConcurrentStreams, (uint)Math.Max(1, Options.MaxConcurrentStreams))
                    : new Http2Setting(Http2SettingsParameter.EnablePush, 0),
                new Http2Setting(Http2SettingsParameter.InitialWindowSize, (uint)LocalStreamWindow),
                new Http2Setting(Http2SettingsParameter.MaxHeaderListSize, (uint)MaxHeaderListSize),
            ];
            Http2FrameWriter.WriteSettings(output, settings);
            if (LocalConnectionWindow > Http2Constants.DefaultInitialWindowSize)
            {
                Http2FrameWriter.WriteWindowUpdate(output, 0, (uint)(LocalConnectionWindow - Http2Constants.DefaultInitialWindowSize));
                ConnectionRecvWindow = LocalConnectionWindow;
            }

            Connection.EndWrite();
        }
    }

    // ------------------------------------------------------------ GOAWAY and errors

    /// <inheritdoc />
    public abstract void GoAway();

    /// <summary>
    /// Ends the connection for a connection error (RFC 9113 §5.4.1): GOAWAY with the last stream we processed and the
    /// error code, then close after the GOAWAY is flushed. Streams get <see cref="StreamResetReason.ConnectionTermination"/>.
    /// Caller holds <see cref="Sync"/>; the close happens in <see cref="RunDeferred"/>.
    /// </summary>
    protected void ConnectionErrorLocked(Http2ErrorCode code, string reason)
    {
        if (Closed)
        {
            return;
        }

        Closed = true;
        GoAwaySent = true;
        Http2Stats.OnConnectionError(code, IsServer);
        Http2Log.ConnectionError(Logger, Connection.Id, IsServer ? "downstream" : "upstream", code, reason);
        var output = Connection.BeginWrite();
        Http2FrameWriter.WriteGoAway(output, LastPeerStreamId, code, System.Text.Encoding.ASCII.GetBytes(reason));
        Connection.EndWrite();
        DeferClose(ConnectionCloseType.FlushWrite);
    }

    /// <summary>The highest peer-initiated stream we processed (for GOAWAY).</summary>
    protected abstract uint LastPeerStreamId { get; }

    /// <summary>Resets one stream for a stream error (RFC 9113 §5.4.2): RST_STREAM and a reset to its listeners.</summary>
    protected void StreamErrorLocked(uint streamId, Http2ErrorCode code, StreamResetReason reason)
    {
        Http2Stats.OnStreamError(code, IsServer);
        WriteRstStreamLocked(streamId, code);
        if (Streams.TryGetValue(streamId, out var stream))
        {
            ResetLocked(stream, reason);
        }

        OnPeerCausedReset();
    }

    /// <summary>A stream was reset because of something the peer did (counted against rapid-reset abuse).</summary>
    protected virtual void OnPeerCausedReset()
    {
    }

    protected void WriteRstStreamLocked(uint streamId, Http2ErrorCode code)
    {
        RememberClosedLocked(streamId, resetByUs: true);
        var output = Connection.BeginWrite();
        Http2FrameWriter.WriteRstStream(output, streamId, code);
        Connection.EndWrite();
        CountControlFrameLocked();
    }

    /// <summary>Marks a stream reset, drops it from the table and queues the reset for its listeners. Caller holds the lock.</summary>
    protected void ResetLocked(Http2Stream stream, StreamResetReason reason)
    {
        if (stream.IsReset)
        {
            return;
        }

        stream.IsReset = true;
        _deferredResets.Add((stream, reason));
        _deferred.MarkPending();
        CloseStreamLocked(stream);
    }

    /// <summary>Removes a finished or reset stream from the table and releases its queue. Caller holds the lock.</summary>
    protected void CloseStreamLocked(Http2Stream stream)
    {
        if (stream.IsClosed)
        {
            return;
        }

        stream.IsClosed = true;
        stream.Pending?.Release();
        stream.Pending = null;
        if (stream.RecvHeld > 0)
        {
            // Bytes delivered while reading was disabled: the stream is gone, the connection window gets them back.
            var held = stream.RecvHeld;
            stream.RecvHeld = 0;
            ReturnConnectionBytesLocked(held);
        }

        if (stream.StreamId != 0)
        {
            Streams.Remove(stream.StreamId);
            RememberClosedLocked(stream.StreamId, resetByUs: false);
        }

        OnStreamClosedLocked(stream);
    }

    /// <summary>How many closed stream ids are remembered, to tell frames still in flight from protocol errors.</summary>
    internal const int ClosedStreamMemory = 256;

    private readonly Dictionary<uint, bool> _recentlyClosed = [];
    private readonly Queue<uint> _recentlyClosedOrder = new();

    private void RememberClosedLocked(uint streamId, bool resetByUs)
    {
        if (_recentlyClosed.TryGetValue(streamId, out var known))
        {
            _recentlyClosed[streamId] = known || resetByUs;
        }
        else
        {
            _recentlyClosed.Add(streamId, resetByUs);
            _recentlyClosedOrder.Enqueue(streamId);
            if (_recentlyClosedOrder.Count > ClosedStreamMemory)
            {
                _recentlyClosed.Remove(_recentlyClosedOrder.Dequeue());
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="streamId"/> is a stream we reset recently: frames the peer sent before it saw our
    /// RST_STREAM must be ignored (RFC 9113 §5.1 "closed"). Also true for ids we answered and reset without opening.
    /// </summary>
    protected bool WasResetByUs(uint streamId) => _recentlyClosed.TryGetValue(streamId, out var byUs) && byUs;

    /// <summary>Whether <paramref name="streamId"/> is a stream that was open here and closed recently (either way).</summary>
    protected bool WasRecentlyClosed(uint streamId) => _recentlyClosed.ContainsKey(streamId);

    /// <summary>A stream left the table (clean end or reset). Caller holds the lock.</summary>
    protected virtual void OnStreamClosedLocked(Http2Stream stream)
    {
    }

    /// <summary>Closes the stream when both sides have ended.</summary>
    protected void CloseIfDoneLocked(Http2Stream stream)
    {
        if (!stream.IsClosed && stream.LocalEnded && stream.RemoteEnded)
        {
            CloseStreamLocked(stream);
        }
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

    protected void DeferWatermark(Http2Stream stream)
    {
        var wanted = !stream.IsReset && (ConnectionAbove || stream.PendingAbove);
        if (stream.SetWatermarkWanted(wanted))
        {
            _deferredWatermarks.Add(stream);
            _deferred.MarkPending();
        }
    }

    /// <summary>True while callbacks queued under the lock have not all run (tests wait on it).</summary>
    internal bool HasDeferredWork => _deferred.IsPending;

    /// <summary>Called for the pool after each stream leaves the table (client side).</summary>
    protected virtual void NotifyStreamComplete()
    {
    }

    /// <summary>Called once after GOAWAY was received.</summary>
    protected virtual void NotifyGoAway()
    {
    }

    /// <summary>
    /// Runs the callbacks queued under the lock: stream resets, watermark transitions, pool notifications and a
    /// pending close. A no-op while the calling thread holds <see cref="Sync"/> (the outermost caller runs them).
    /// </summary>
    /// <param name="inline">
    /// True only on the read loop, which holds no other lock. Every other caller (a stream's sender, reset or
    /// read-disable, called by the proxy while it holds that stream's lock) has the callbacks run on the thread pool:
    /// they go to other streams' listeners, and calling them here could take those streams' locks in the opposite
    /// order of a thread doing the same for them.
    /// </param>
    internal void RunDeferred(bool inline = false) => _deferred.Run(inline);

    private void DrainDeferred()
    {
        while (true)
        {
            (Http2Stream Stream, StreamResetReason Reason)[]? resets = null;
            Http2Stream[]? watermarks = null;
            int completions;
            bool goAway;
            bool close;
            ConnectionCloseType closeType;
            lock (Sync)
            {
                if (_deferredResets.Count == 0 && _deferredWatermarks.Count == 0 && _deferredStreamCompletions == 0
                    && !_deferredGoAway && !_deferredClose)
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
                foreach (var stream in watermarks)
                {
                    stream.DeliverWatermark();
                }
            }

            if (resets is not null)
            {
                foreach (var (stream, reason) in resets)
                {
                    Http2Log.StreamReset(Logger, Connection.Id, stream.StreamId, reason);
                    stream.Listeners.NotifyReset(reason);
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
                ResetLocked(stream, StreamResetReason.ConnectionTermination);
            }

            OnConnectionClosedLocked();
            Assembler.Reset();
            _deferredClose = false;
        }

        RunDeferred();
    }

    /// <summary>The transport closed: reset what the table does not hold (client streams not yet started). Caller holds the lock.</summary>
    protected virtual void OnConnectionClosedLocked()
    {
    }

    /// <inheritdoc />
    public void OnAboveWriteBufferHighWatermark() => OnConnectionWatermark(above: true);

    /// <inheritdoc />
    public void OnBelowWriteBufferLowWatermark() => OnConnectionWatermark(above: false);

    private void OnConnectionWatermark(bool above)
    {
        lock (Sync)
        {
            ConnectionAbove = above;
            if (!above)
            {
                _controlFramesWhileAbove = 0;
            }

            foreach (var stream in Streams.Values)
            {
                DeferWatermark(stream);
            }
        }

        RunDeferred();
    }
}
