using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http2.Frames;
using Mosn.Protocols.Http2.Messages;

namespace Mosn.Protocols.Http2.Connection;

/// <summary>
/// The client side of HTTP/2 (h2c with prior knowledge) on one upstream connection: many request streams at once, up to
/// the server's SETTINGS_MAX_CONCURRENT_STREAMS (100 assumed until its SETTINGS arrive).
/// </summary>
/// <remarks>
/// <para>A stream gets its id when its HEADERS are written (ids must go out in increasing order), so
/// <see cref="NewStream"/> only reserves capacity. Server push is refused (SETTINGS_ENABLE_PUSH = 0).</para>
/// <para>GOAWAY: streams above the server's last-stream-id are reset with <see cref="StreamResetReason.RefusedStream"/>
/// (the server never processed them, so the proxy retries them on a new connection); those below finish normally.
/// The pool hears <see cref="IClientStreamConnectionCallbacks.OnGoAway"/> and, after every stream that leaves the
/// connection (cleanly or reset), <see cref="IClientStreamConnectionCallbacks.OnStreamComplete"/>.</para>
/// </remarks>
internal sealed class Http2ClientConnection : Http2Connection, IClientStreamConnection
{
    /// <summary>Concurrent streams assumed before the server's SETTINGS arrive.</summary>
    internal const int InitialPeerMaxConcurrentStreams = 100;

    private readonly IClientStreamConnectionCallbacks _callbacks;
    private readonly List<Http2Stream> _unstarted = [];
    private uint _nextStreamId = 1;

    public Http2ClientConnection(IConnection connection, IClientStreamConnectionCallbacks callbacks, ProtocolOptions options, ILogger logger)
        : base(connection, options, logger, isServer: false)
    {
        _callbacks = callbacks;
        PeerMaxConcurrentStreams = InitialPeerMaxConcurrentStreams;
        WriteInitialFrames(clientPreface: true);
    }

    /// <inheritdoc />
    public override int ActiveStreamCount
    {
        get
        {
            lock (Sync)
            {
                return Streams.Count + _unstarted.Count;
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
                var active = Streams.Count + _unstarted.Count;
                return !Closed && !GoAwayReceived && !GoAwaySent
                    && _nextStreamId + (2L * _unstarted.Count) <= Http2Constants.MaxStreamId
                    && active < PeerMaxConcurrentStreams;
            }
        }
    }

    /// <inheritdoc />
    protected override uint LastPeerStreamId => 0;

    /// <inheritdoc />
    protected override bool IsIdleStream(uint streamId) => (streamId & 1) == 0 || streamId >= _nextStreamId;

    /// <inheritdoc />
    public IStreamSender NewStream(IStreamReceiver responseReceiver)
    {
        ArgumentNullException.ThrowIfNull(responseReceiver);
        var stream = new Http2Stream(this, 0, responseReceiver);
        lock (Sync)
        {
            if (Closed || GoAwayReceived || GoAwaySent)
            {
                stream.IsClosed = true;
                stream.IsReset = true;
                Http2Stats.OnRefusedStream();
            }
            else
            {
                _unstarted.Add(stream);
            }
        }

        if (stream.IsReset)
        {
            // Listeners subscribing later still hear it (StreamEventListeners replays a reset to late subscribers).
            stream.Listeners.NotifyReset(StreamResetReason.RefusedStream);
        }

        return stream;
    }

    /// <inheritdoc />
    /// <remarks>Sends GOAWAY (we accept no server streams, so its last-stream-id is 0); no new streams start.</remarks>
    public override void GoAway()
    {
        lock (Sync)
        {
            if (Closed || GoAwaySent)
            {
                return;
            }

            GoAwaySent = true;
            var output = Connection.BeginWrite();
            Http2FrameWriter.WriteGoAway(output, 0, Http2ErrorCode.NoError);
            Connection.EndWrite();
            CloseIfIdleLocked();
        }

        RunDeferred();
    }

    /// <inheritdoc />
    protected override bool PrepareToSendHeadersLocked(Http2Stream stream, IHeaderMap headers)
    {
        if (stream.StreamId != 0)
        {
            return true;
        }

        _unstarted.Remove(stream);
        if (GoAwayReceived || _nextStreamId > Http2Constants.MaxStreamId)
        {
            Http2Stats.OnRefusedStream();
            ResetLocked(stream, StreamResetReason.RefusedStream);
            return false;
        }

        stream.StreamId = _nextStreamId;
        _nextStreamId += 2;
        stream.SendWindow = PeerInitialWindow;
        stream.RecvWindow = LocalStreamWindow;
        stream.IsHeadRequest = string.Equals(headers.Get(PseudoHeaders.Method), "HEAD", StringComparison.Ordinal);
        stream.OpenedAt = Environment.TickCount64;
        Streams[stream.StreamId] = stream;
        Http2Stats.OnUpstreamRequest();
        if (ConnectionAbove)
        {
            DeferWatermark(stream);
        }

        return true;
    }

    /// <inheritdoc />
    protected override void OnHeaderBlock(uint streamId, bool endStream, in ReadOnlySequence<byte> block)
    {
        Http2Stream? stream;
        lock (Sync)
        {
            if (!Streams.TryGetValue(streamId, out stream) && IsIdleStream(streamId))
            {
                ConnectionErrorLocked(Http2ErrorCode.ProtocolError, "HEADERS on an idle stream");
                return;
            }
        }

        if (stream is null)
        {
            DecodeAndDiscard(block); // a stream we reset; frames may still be in flight
            return;
        }

        if (stream.HeadersReceived)
        {
            OnTrailersBlock(stream, endStream, block);
            return;
        }

        if (!Decode(block, HeaderBlockKind.Response, out var tooLarge))
        {
            return;
        }

        var error = Collector.Complete(out var headers);
        var status = Collector.StatusCode;
        lock (Sync)
        {
            if (stream.IsClosed)
            {
                return;
            }

            if (tooLarge || error != HeaderValidationError.None || status == 101 || (status < 200 && endStream))
            {
                Http2Stats.OnMalformed(IsServer);
                Http2Log.MalformedHeaders(Logger, Connection.Id, streamId, error);
                StreamErrorLocked(streamId, Http2ErrorCode.ProtocolError, StreamResetReason.ProtocolError);
                return;
            }

            if (status < 200)
            {
                return; // informational: the final response follows
            }

            stream.HeadersReceived = true;
            stream.ExpectedLength = stream.IsHeadRequest || status is 204 or 304 ? -1 : Collector.ContentLength;
            if (endStream)
            {
                if (stream.ExpectedLength > 0)
                {
                    StreamErrorLocked(streamId, Http2ErrorCode.ProtocolError, StreamResetReason.ProtocolError);
                    return;
                }

                stream.RemoteEnded = true;
            }

            Http2Stats.OnUpstreamResponse();
        }

        stream.Receiver?.OnHeaders(headers, endStream);
        if (endStream)
        {
            lock (Sync)
            {
                OnRemoteEndLocked(stream);
            }
        }
    }

    /// <inheritdoc />
    protected override void OnPeerResetLocked(Http2Stream stream, Http2ErrorCode code)
    {
        if (code == Http2ErrorCode.NoError && stream.RemoteEnded)
        {
            // The response is complete and the server wants no more of the request (RFC 9113 §8.1): not a failure.
            CloseStreamLocked(stream);
            return;
        }

        if (code == Http2ErrorCode.RefusedStream)
        {
            Http2Stats.OnRefusedStream();
        }

        base.OnPeerResetLocked(stream, code);
    }

    /// <inheritdoc />
    protected override void OnGoAwayLocked(uint lastStreamId, Http2ErrorCode code)
    {
        GoAwayReceived = true;
        foreach (var stream in Streams.Values.ToArray())
        {
            if (stream.StreamId > lastStreamId)
            {
                Http2Stats.OnRefusedStream();
                ResetLocked(stream, StreamResetReason.RefusedStream);
            }
        }

        DeferGoAwayNotification();
        CloseIfIdleLocked();
    }

    /// <inheritdoc />
    protected override void OnStreamClosedLocked(Http2Stream stream)
    {
        if (stream.StreamId == 0)
        {
            _unstarted.Remove(stream);
        }

        DeferStreamCompletion();
        CloseIfIdleLocked();
    }

    private void CloseIfIdleLocked()
    {
        if ((GoAwayReceived || GoAwaySent) && Streams.Count == 0 && _unstarted.Count == 0 && !Closed)
        {
            DeferClose(ConnectionCloseType.FlushWrite);
        }
    }

    /// <inheritdoc />
    protected override void OnConnectionClosedLocked()
    {
        foreach (var stream in _unstarted.ToArray())
        {
            // Nothing of these was sent: the proxy may send them again elsewhere.
            ResetLocked(stream, StreamResetReason.RefusedStream);
        }

        _unstarted.Clear();
    }

    /// <inheritdoc />
    protected override void NotifyStreamComplete() => _callbacks.OnStreamComplete();

    /// <inheritdoc />
    protected override void NotifyGoAway() => _callbacks.OnGoAway();
}
