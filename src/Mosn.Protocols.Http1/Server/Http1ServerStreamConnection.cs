using System.Buffers;
using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http1.Codec;

namespace Mosn.Protocols.Http1.Server;

/// <summary>
/// The server side of HTTP/1.1 on one downstream connection: decodes requests one at a time into streams and encodes
/// their responses.
/// </summary>
/// <remarks>
/// <para>Decoding runs on the connection's read loop (<see cref="Dispatch"/>); responses may be sent from any thread.
/// <see cref="Sync"/> guards the exchange state and serializes response writes with the codec's own writes
/// (<c>100 Continue</c>, error responses). It is never held while calling the proxy's receivers or listeners, or
/// while closing the connection.</para>
/// <para>Pipelining: bytes after a complete request stay unconsumed until its response is written; reading is paused
/// meanwhile (<see cref="IConnection.ReadDisable"/>) and resumed when the response completes, which re-delivers them.</para>
/// <para>Flow control: a stream's <see cref="IStream.ReadDisable"/> maps onto the connection's counted ReadDisable, and
/// decoding stops right after the callback that disabled it, leaving the remaining bytes in the buffer.</para>
/// </remarks>
internal sealed class Http1ServerStreamConnection : IServerStreamConnection, IConnectionEventListener
{
    private readonly IServerStreamConnectionCallbacks _callbacks;
    private readonly ProtocolOptions _options;
    private readonly ILogger _logger;
    private readonly Http1RequestDecoder _head;
    private readonly Http1BodyDecoder _body;

    // Read-loop state.
    private ulong _lastStreamId;
    private Http1ServerStream? _requestStream;
    private IStreamReceiver? _requestReceiver;

    // Guarded by Sync.
    private Http1ServerStream? _active;
    private bool _pausedForResponse;
    private bool _goAway;
    private volatile bool _closing;

    private readonly WatermarkForwarder _watermarks;

    // Request-headers timeout (slowloris defence): armed on the first byte of a request head, disarmed when the head
    // is complete. Guarded by Sync.
    private ITimer? _headTimer;

    /// <summary>Creates the stream connection and subscribes to <paramref name="connection"/>'s events.</summary>
    public Http1ServerStreamConnection(IConnection connection, IServerStreamConnectionCallbacks callbacks, ProtocolOptions options, ILogger logger)
    {
        Connection = connection;
        _callbacks = callbacks;
        _options = options;
        _logger = logger;
        _head = new Http1RequestDecoder(options);
        _body = new Http1BodyDecoder(options);
        _watermarks = new WatermarkForwarder(Sync, () => Volatile.Read(ref _active)?.Listeners);
        connection.AddConnectionEventListener(this);
    }

    /// <inheritdoc />
    public string Protocol => ProtocolNames.Http1;

    /// <inheritdoc />
    public int ActiveStreamCount => Volatile.Read(ref _active) is null ? 0 : 1;

    /// <summary>The downstream connection.</summary>
    internal IConnection Connection { get; }

    /// <summary>Guards exchange state and response writes.</summary>
    internal Lock Sync { get; } = new();

    /// <summary><see cref="GoAway"/> was called: the next response closes the connection.</summary>
    internal bool IsGoingAway => _goAway;

    /// <inheritdoc />
    public void Dispatch(ReadBuffer buffer)
    {
        var input = buffer.Data;
        DispatchCore(ref input, buffer.IsEndOfStream);
        buffer.Consume(input.Start);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The response in progress, or else the next one, carries <c>Connection: close</c> and the connection closes after
    /// it. An idle connection is not closed here: a request may already be on its way (bytes received but not yet
    /// decoded), and cutting it would fail it; the caller closes an idle connection when it decides (the proxy does so
    /// after a grace period).
    /// </remarks>
    public void GoAway()
    {
        lock (Sync)
        {
            _goAway = true;
        }
    }

    /// <inheritdoc />
    public void OnEvent(ConnectionEvent connectionEvent)
    {
        if (!connectionEvent.IsClose())
        {
            return;
        }

        Http1ServerStream? interrupted;
        lock (Sync)
        {
            _closing = true;
            _headTimer?.Dispose();
            _headTimer = null;
            interrupted = _active is { IsReset: false, ResponseComplete: false } ? _active : null;
            if (interrupted is not null)
            {
                interrupted.IsReset = true;
                ReleaseReadDisables(interrupted);
            }
        }

        interrupted?.Listeners.NotifyReset(StreamResetReason.ConnectionTermination);
    }

    /// <inheritdoc />
    public void OnAboveWriteBufferHighWatermark() => _watermarks.Update(above: true);

    /// <inheritdoc />
    public void OnBelowWriteBufferLowWatermark() => _watermarks.Update(above: false);

    /// <summary>Delivers watermark events raised while <see cref="Sync"/> was held. Call after every locked write.</summary>
    internal void FlushWatermarks() => _watermarks.Flush();

    /// <summary>Called by a stream once its response is fully written: ends the exchange, then closes or resumes reading.</summary>
    internal void OnResponseComplete(Http1ServerStream stream)
    {
        bool close;
        var linger = false;
        var resume = false;
        lock (Sync)
        {
            close = stream.CloseAfterResponse || stream.LengthMismatch || !stream.RequestComplete || _goAway;
            linger = close && (!stream.RequestComplete || _pausedForResponse);
            ReleaseReadDisables(stream);
            if (ReferenceEquals(_active, stream))
            {
                _active = null;
            }

            if (stream.RequestComplete)
            {
                // The exchange is over: an idle keep-alive connection must not keep the finished stream (and through its
                // listeners the proxy's whole request) alive until the next request replaces it.
                Interlocked.CompareExchange(ref _requestStream, null, stream);
            }

            if (close)
            {
                _closing = true;
            }
            else
            {
                resume = _pausedForResponse;
                _pausedForResponse = false;
            }
        }

        Http1Stats.OnDownstreamResponse();
        if (stream.LengthMismatch)
        {
            Http1Log.LengthMismatch(_logger, Connection.Id, stream.Id);
        }

        if (close)
        {
            // Lingering when the client may still be sending (a body the upstream did not wait for, pipelined requests):
            // closing with unread bytes would reset the connection and could destroy the response at the client. Not
            // otherwise: a plain close releases the connection at once (the lingering one keeps it up to 30 s).
            Connection.Close(linger ? ConnectionCloseType.FlushWriteAndDelay : ConnectionCloseType.FlushWrite);
        }
        else if (resume)
        {
            Connection.ReadDisable(false);
        }
    }

    /// <summary>
    /// Resets <paramref name="stream"/> on the proxy's request: the exchange cannot complete cleanly, so the connection
    /// closes (a started response stays truncated: no final chunk is written).
    /// </summary>
    internal void ResetStream(Http1ServerStream stream, StreamResetReason reason)
    {
        lock (Sync)
        {
            if (stream.IsReset || stream.ResponseComplete)
            {
                return;
            }

            stream.IsReset = true;
            _closing = true;
            ReleaseReadDisables(stream);
        }

        Http1Log.StreamReset(_logger, Connection.Id, stream.Id, reason);
        stream.Listeners.NotifyReset(reason);
        Connection.Close(ConnectionCloseType.FlushWrite);
    }

    /// <summary>Applies a stream's counted ReadDisable to the connection; ignored once the stream is over.</summary>
    internal void StreamReadDisable(Http1ServerStream stream, bool disable)
    {
        lock (Sync)
        {
            if (stream.IsReset || stream.ResponseComplete)
            {
                return;
            }

            if (disable)
            {
                stream.ReadDisableCount++;
                Connection.ReadDisable(true);
            }
            else if (stream.ReadDisableCount > 0)
            {
                stream.ReadDisableCount--;
                Connection.ReadDisable(false);
            }
        }
    }

    private void DispatchCore(ref ReadOnlySequence<byte> input, bool endOfInput)
    {
        while (true)
        {
            if (_closing)
            {
                input = input.Slice(input.End);
                return;
            }

            if (_requestStream is { } paused && Volatile.Read(ref paused.ReadDisableCount) > 0)
            {
                return;
            }

            if (_requestReceiver is null)
            {
                if (input.IsEmpty || !CanStartRequest())
                {
                    return;
                }

                var headStart = input;
                var status = _head.Parse(ref input);
                if (status == HeadStatus.NeedMore)
                {
                    ArmHeadTimer();
                    return;
                }

                DisarmHeadTimer();

                if (status == HeadStatus.Error)
                {
                    Reject(_head.Error, stream: null, linger: !IsWholeHead(headStart));
                    input = input.Slice(input.End);
                    return;
                }

                StartRequest();
            }
            else if (!DecodeBody(ref input, endOfInput))
            {
                return;
            }
        }
    }

    private void ArmHeadTimer()
    {
        if (_options.RequestHeadersTimeout <= TimeSpan.Zero)
        {
            return;
        }

        lock (Sync)
        {
            if (_headTimer is null && !_closing)
            {
                _headTimer = TimeProvider.System.CreateTimer(
                    static s => ((Http1ServerStreamConnection)s!).OnHeadTimeout(), this, _options.RequestHeadersTimeout, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void DisarmHeadTimer()
    {
        lock (Sync)
        {
            _headTimer?.Dispose();
            _headTimer = null;
        }
    }

    private void OnHeadTimeout()
    {
        lock (Sync)
        {
            if (_headTimer is null || _closing)
            {
                return;
            }

            _headTimer.Dispose();
            _headTimer = null;
        }

        Reject(Http1DecodeError.RequestHeadersTimeout, stream: null, linger: false);
    }

    /// <summary>True when no response is outstanding; otherwise pauses reading until it completes.</summary>
    private bool CanStartRequest()
    {
        lock (Sync)
        {
            if (_active is null)
            {
                return true;
            }

            if (!_pausedForResponse)
            {
                _pausedForResponse = true;
                Connection.ReadDisable(true);
            }

            return false;
        }
    }

    private void StartRequest()
    {
        var stream = new Http1ServerStream(this, ++_lastStreamId, _head.IsHead, _head.IsHttp11, _head.KeepAlive);
        var headers = _head.Headers!;
        var endStream = _head.BodyKind == BodyKind.None;
        var expectContinue = _head.ExpectContinue;
        if (!endStream)
        {
            _body.Reset(_head.BodyKind, _head.ContentLength, _options.MaxRequestBodySize);
        }

        _head.Reset();
        lock (Sync)
        {
            _active = stream;
            stream.RequestComplete = endStream;
        }

        Http1Stats.OnDownstreamRequest();
        _requestStream = stream;
        var receiver = _callbacks.OnNewStream(stream);
        _requestReceiver = endStream ? null : receiver;
        receiver.OnHeaders(headers, endStream);
        if (expectContinue && !endStream)
        {
            SendContinue(stream);
        }
    }

    /// <summary>Decodes body bytes. Returns false when decoding must stop for this dispatch.</summary>
    private bool DecodeBody(ref ReadOnlySequence<byte> input, bool endOfInput)
    {
        var stream = _requestStream!;
        var receiver = _requestReceiver!;
        switch (_body.Read(ref input, endOfInput, out var data))
        {
            case BodyStatus.Data:
                var end = _body.IsComplete;
                if (end)
                {
                    CompleteRequest(stream);
                }

                receiver.OnData(data, end);
                return true;

            case BodyStatus.Done:
                CompleteRequest(stream);
                if (_body.Trailers is { } trailers)
                {
                    receiver.OnTrailers(trailers);
                }
                else
                {
                    receiver.OnData(ReadOnlySequence<byte>.Empty, endStream: true);
                }

                return true;

            case BodyStatus.Error:
                _requestReceiver = null;
                Reject(_body.Error, stream, linger: true);
                input = input.Slice(input.End);
                return false;

            default:
                return false;
        }
    }

    private void CompleteRequest(Http1ServerStream stream)
    {
        _requestReceiver = null;
        lock (Sync)
        {
            stream.RequestComplete = true;
        }
    }

    private void SendContinue(Http1ServerStream stream)
    {
        lock (Sync)
        {
            if (stream.ResponseStarted || stream.IsReset || _closing)
            {
                return;
            }

            Connection.Write(Http1Encoder.Continue);
        }

        _watermarks.Flush();
    }

    /// <summary>
    /// True when <paramref name="head"/> (the buffered bytes from the start of the rejected request) is exactly one whole
    /// request head: a client that sent a bad head in one piece and nothing after it is done sending and may be waiting
    /// for the end of the stream, so its close need not linger.
    /// </summary>
    private static bool IsWholeHead(ReadOnlySequence<byte> head)
    {
        var reader = new SequenceReader<byte>(head);
        return reader.TryReadTo(out ReadOnlySequence<byte> _, "\r\n\r\n"u8, advancePastDelimiter: true) && reader.End;
    }

    /// <summary>
    /// Rejects a malformed request: answers with the error's status (unless a response already started), resets the
    /// stream if one exists, and closes the connection after the flush, lingering when <paramref name="linger"/> (the
    /// client may still be sending: a body, or the rest of an oversized head).
    /// </summary>
    private void Reject(Http1DecodeError error, Http1ServerStream? stream, bool linger)
    {
        var statusCode = error.ToStatusCode();
        Http1Stats.OnDecodeError(error);
        Http1Log.RequestRejected(_logger, Connection.Id, error, statusCode);
        bool answered;
        var notify = false;
        lock (Sync)
        {
            _closing = true;
            answered = stream is null || (!stream.ResponseStarted && !stream.IsReset);
            if (answered)
            {
                var writer = Connection.BeginWrite();
                Http1Encoder.WriteStatusLine(writer, statusCode);
                Http1Encoder.WriteAscii(writer, "Content-Length: 0\r\nConnection: close\r\n\r\n"u8);
                Connection.EndWrite();
            }

            if (stream is not null)
            {
                stream.ResponseStarted = true;
                notify = !stream.IsReset && !stream.ResponseComplete;
                stream.IsReset = true;
                ReleaseReadDisables(stream);
            }
        }

        _watermarks.Flush();
        if (answered)
        {
            Http1Stats.OnDownstreamResponse();
        }

        if (notify)
        {
            stream!.Listeners.NotifyReset(StreamResetReason.ProtocolError);
        }

        // Lingering, so that the client reads the error response even while it is still sending.
        Connection.Close(answered && linger ? ConnectionCloseType.FlushWriteAndDelay : ConnectionCloseType.FlushWrite);
    }

    /// <summary>Gives back the connection read-disables a finished stream still holds. Caller holds <see cref="Sync"/>.</summary>
    private void ReleaseReadDisables(Http1ServerStream stream)
    {
        while (stream.ReadDisableCount > 0)
        {
            stream.ReadDisableCount--;
            Connection.ReadDisable(false);
        }
    }
}
