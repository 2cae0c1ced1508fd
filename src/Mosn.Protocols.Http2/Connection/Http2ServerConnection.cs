using System.Globalization;
using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http2.Frames;
using Mosn.Protocols.Http2.Messages;
using Mosn.Streams;

namespace Mosn.Protocols.Http2.Connection;

/// <summary>
/// The server side of HTTP/2 (h2c with prior knowledge) on one downstream connection: every peer stream whose request
/// headers are valid becomes a stream handed to <see cref="IServerStreamConnectionCallbacks.OnNewStream"/>.
/// </summary>
/// <remarks>
/// <para>Requests the proxy should never see are answered here: 431 for a header list past the limits, 413 for a
/// declared body past <see cref="ProtocolOptions.MaxRequestBodySize"/>, 501 for CONNECT; malformed requests get
/// RST_STREAM(PROTOCOL_ERROR) (RFC 9113 §8.1.1). <c>Expect: 100-continue</c> is answered with 100 at once.</para>
/// <para>Abuse limits: streams past <see cref="ProtocolOptions.MaxConcurrentStreams"/> are refused; a client whose
/// streams are mostly reset early (by it, or by us for its errors) gets GOAWAY(ENHANCE_YOUR_CALM) (rapid reset,
/// CVE-2023-44487); the flood limits of <see cref="Http2Connection"/> apply.</para>
/// </remarks>
internal sealed class Http2ServerConnection : Http2Connection, IServerStreamConnection
{
    /// <summary>Early resets tolerated before the ratio check applies.</summary>
    internal const int PrematureResetThreshold = 100;

    private readonly IServerStreamConnectionCallbacks _callbacks;
    private uint _lastPeerStreamId;
    private long _prematureResets;

    public Http2ServerConnection(IConnection connection, IServerStreamConnectionCallbacks callbacks, ProtocolOptions options, ILogger logger)
        : base(connection, options, logger, isServer: true)
    {
        _callbacks = callbacks;
        WriteInitialFrames(clientPreface: false);
    }

    /// <inheritdoc />
    public override int ActiveStreamCount
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
    protected override uint LastPeerStreamId => _lastPeerStreamId;

    /// <inheritdoc />
    protected override bool IsIdleStream(uint streamId) => streamId > _lastPeerStreamId || (streamId & 1) == 0;

    /// <inheritdoc />
    /// <remarks>GOAWAY(NO_ERROR) naming the last stream accepted; streams above it are refused; the connection closes once
    /// its streams are done (at once when it is idle).</remarks>
    public override void GoAway()
    {
        lock (Sync)
        {
            if (Closed || GoAwaySent)
            {
                return;
            }

            GoAwaySent = true;
            GoAwayLastStreamId = _lastPeerStreamId;
            _goAwayAt = Environment.TickCount64;
            var output = Connection.BeginWrite();
            Http2FrameWriter.WriteGoAway(output, _lastPeerStreamId, Http2ErrorCode.NoError);
            Connection.EndWrite();
            if (Streams.Count == 0)
            {
                CloseAfterGoAwayGraceLocked();
            }
        }

        RunDeferred();
    }

    /// <inheritdoc />
    protected override void OnHeaderBlock(uint streamId, bool endStream, in ReadOnlySequence<byte> block)
    {
        Http2Stream? stream;
        lock (Sync)
        {
            if ((streamId & 1) == 0)
            {
                ConnectionErrorLocked(Http2ErrorCode.ProtocolError, "client used an even stream id");
                return;
            }

            Streams.TryGetValue(streamId, out stream);
            if (stream is null && streamId <= _lastPeerStreamId)
            {
                if (!WasResetByUs(streamId))
                {
                    if (WasRecentlyClosed(streamId))
                    {
                        ConnectionErrorLocked(Http2ErrorCode.StreamClosed, "HEADERS on a closed stream");
                    }
                    else
                    {
                        ConnectionErrorLocked(Http2ErrorCode.ProtocolError, "stream id lower than a previous one");
                    }

                    return;
                }
            }
        }

        if (stream is null && streamId <= _lastPeerStreamId)
        {
            DecodeAndDiscard(block); // trailers in flight on a stream we reset: ignored (RFC 9113 §5.1), HPACK kept in step
            return;
        }

        if (stream is null)
        {
            OnRequestHeaders(streamId, endStream, block);
        }
        else
        {
            OnTrailersBlock(stream, endStream, block);
        }
    }

    private void OnRequestHeaders(uint streamId, bool endStream, in ReadOnlySequence<byte> block)
    {
        lock (Sync)
        {
            _lastPeerStreamId = streamId;
            StreamsOpened++;
        }

        if (!Decode(block, HeaderBlockKind.Request, out var tooLarge))
        {
            return;
        }

        var error = Collector.Complete(out var headers);
        Http2Stream stream;
        lock (Sync)
        {
            if (Closed)
            {
                return;
            }

            if (GoAwaySent && streamId > GoAwayLastStreamId)
            {
                WriteRstStreamLocked(streamId, Http2ErrorCode.RefusedStream);
                return;
            }

            if (Streams.Count >= Options.MaxConcurrentStreams)
            {
                Http2Stats.OnRefusedStream();
                StreamErrorLocked(streamId, Http2ErrorCode.RefusedStream, StreamResetReason.Overflow);
                return;
            }

            if (tooLarge || error == HeaderValidationError.TooManyFields)
            {
                Http2Stats.OnMalformed(IsServer);
                LocalResponseLocked(streamId, 431, endStream);
                return;
            }

            if (error != HeaderValidationError.None)
            {
                Http2Stats.OnMalformed(IsServer);
                Http2Log.MalformedHeaders(Logger, Connection.Id, streamId, error);
                StreamErrorLocked(streamId, Http2ErrorCode.ProtocolError, StreamResetReason.ProtocolError);
                return;
            }

            if (Collector.RequestMethod == "CONNECT")
            {
                LocalResponseLocked(streamId, 501, endStream);
                return;
            }

            var contentLength = Collector.ContentLength;
            if (Options.MaxRequestBodySize > 0 && contentLength > Options.MaxRequestBodySize)
            {
                LocalResponseLocked(streamId, 413, endStream);
                return;
            }

            if (endStream && contentLength > 0)
            {
                StreamErrorLocked(streamId, Http2ErrorCode.ProtocolError, StreamResetReason.ProtocolError);
                return;
            }

            stream = new Http2Stream(this, streamId, receiver: null)
            {
                HeadersReceived = true,
                RemoteEnded = endStream,
                SendWindow = PeerInitialWindow,
                RecvWindow = LocalStreamWindow,
                ExpectedLength = contentLength,
                OpenedAt = Environment.TickCount64,
            };
            Streams[streamId] = stream;
            Http2Stats.OnDownstreamRequest();
            if (headers.TryGet("expect", out var expect))
            {
                headers.Remove("expect");
                if (!endStream && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
                {
                    WriteInformationalLocked(streamId, 100);
                }
            }

            if (ConnectionAbove)
            {
                DeferWatermark(stream);
            }
        }

        stream.Receiver = _callbacks.OnNewStream(stream);
        stream.Receiver.OnHeaders(headers, endStream);
        if (endStream)
        {
            lock (Sync)
            {
                OnRemoteEndLocked(stream);
            }
        }
    }

    /// <summary>Answers a stream the proxy never sees: headers only, then RST_STREAM(NO_ERROR) if the client is still sending.</summary>
    private void LocalResponseLocked(uint streamId, int status, bool requestEnded)
    {
        var headers = new HeaderMap(2);
        headers.Set(PseudoHeaders.Status, status.ToString(CultureInfo.InvariantCulture));
        headers.Set("content-length", "0");
        WriteHeaderBlockLocked(streamId, headers, endStream: true);
        if (!requestEnded)
        {
            WriteRstStreamLocked(streamId, Http2ErrorCode.NoError);
        }
    }

    private void WriteInformationalLocked(uint streamId, int status)
    {
        var headers = new HeaderMap(1);
        headers.Set(PseudoHeaders.Status, status.ToString(CultureInfo.InvariantCulture));
        WriteHeaderBlockLocked(streamId, headers, endStream: false);
    }

    /// <inheritdoc />
    protected override void OnRequestBodyTooLargeLocked(Http2Stream stream)
    {
        if (!stream.LocalHeadersSent)
        {
            var headers = new HeaderMap(2);
            headers.Set(PseudoHeaders.Status, "413");
            headers.Set("content-length", "0");
            WriteHeaderBlockLocked(stream.StreamId, headers, endStream: true);
        }

        WriteRstStreamLocked(stream.StreamId, Http2ErrorCode.NoError);
        ResetLocked(stream, StreamResetReason.LocalReset);
    }

    /// <inheritdoc />
    protected override void OnLocalEndLocked(Http2Stream stream)
    {
        stream.LocalEnded = true;
        Http2Stats.OnDownstreamResponse();
        if (!stream.RemoteEnded && !stream.IsClosed)
        {
            // The response is complete while the request is not: tell the client to stop sending (RFC 9113 §8.1).
            WriteRstStreamLocked(stream.StreamId, Http2ErrorCode.NoError);
            CloseStreamLocked(stream);
            return;
        }

        CloseIfDoneLocked(stream);
    }

    /// <inheritdoc />
    protected override void OnStreamClosedLocked(Http2Stream stream)
    {
        if (GoAwaySent && Streams.Count == 0 && !Closed)
        {
            CloseAfterGoAwayGraceLocked();
        }
    }

    /// <summary>
    /// How long after a graceful GOAWAY an idle connection stays open. A client may be opening a stream while the GOAWAY
    /// is in flight: it is refused (REFUSED_STREAM, retryable) if the connection is still there, but a connection that
    /// closes at once can fail it outright (some clients, .NET's among them, report "the server closed the connection").
    /// </summary>
    internal static TimeSpan GoAwayCloseGrace { get; set; } = TimeSpan.FromSeconds(1);

    private long _goAwayAt;

    private void CloseAfterGoAwayGraceLocked()
    {
        var wait = (long)GoAwayCloseGrace.TotalMilliseconds - (Environment.TickCount64 - _goAwayAt);
        if (wait <= 0)
        {
            DeferClose(ConnectionCloseType.FlushWrite);
            return;
        }

        _ = Task.Delay(TimeSpan.FromMilliseconds(wait)).ContinueWith(
            static (_, state) => ((Http2ServerConnection)state!).CloseIfIdleAfterGoAway(), this, TaskScheduler.Default);
    }

    private void CloseIfIdleAfterGoAway()
    {
        lock (Sync)
        {
            if (Closed || Streams.Count > 0)
            {
                return; // a stream opened before the GOAWAY is still running: it closes the connection when it ends
            }

            DeferClose(ConnectionCloseType.FlushWrite);
        }

        RunDeferred();
    }

    /// <inheritdoc />
    protected override void OnPeerResetLocked(Http2Stream stream, Http2ErrorCode code)
    {
        if (!stream.LocalHeadersSent)
        {
            OnPeerCausedReset();
        }

        base.OnPeerResetLocked(stream, code);
    }

    /// <inheritdoc />
    protected override void OnPeerCausedReset()
    {
        _prematureResets++;
        if (_prematureResets >= PrematureResetThreshold && _prematureResets * 2 >= StreamsOpened && !Closed)
        {
            Http2Stats.OnRapidReset();
            ConnectionErrorLocked(Http2ErrorCode.EnhanceYourCalm, "too many streams reset early (rapid reset)");
        }
    }

    /// <inheritdoc />
    protected override void OnGoAwayLocked(uint lastStreamId, Http2ErrorCode code)
    {
        GoAwayReceived = true;
        DeferGoAwayNotification();
    }

    /// <inheritdoc />
    protected override void NotifyGoAway() => _callbacks.OnGoAway();
}
