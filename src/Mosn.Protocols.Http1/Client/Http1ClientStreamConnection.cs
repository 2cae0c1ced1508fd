using System.Buffers;
using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http1.Codec;

namespace Mosn.Protocols.Http1.Client;

/// <summary>
/// The client side of HTTP/1.1 on one upstream connection: encodes one request at a time and decodes its response.
/// </summary>
/// <remarks>
/// <para>Responses are decoded on the connection's read loop (<see cref="Dispatch"/>) and delivered to the stream's
/// receiver as bytes arrive; requests may be sent from any thread. <see cref="Sync"/> guards the exchange state and
/// request writes; it is never held while calling receivers, listeners or pool callbacks, or while closing.</para>
/// <para>Reuse: after a clean exchange (request fully sent, response fully received) the pool hears
/// <see cref="IClientStreamConnectionCallbacks.OnStreamComplete"/>. A response with <c>Connection: close</c>, an
/// HTTP/1.0 response without keep-alive, a body delimited by the close, or a response that ends before its request
/// makes the connection unusable: <see cref="CanStartStream"/> turns false, the pool hears
/// <see cref="IClientStreamConnectionCallbacks.OnGoAway"/>, and the connection is closed.</para>
/// <para>Failures: a malformed response resets the stream with <see cref="StreamResetReason.ProtocolError"/>; a close
/// before the response completed resets it with <see cref="StreamResetReason.ConnectionTermination"/> (never a clean
/// short response); bytes while no request is outstanding close the connection.</para>
/// </remarks>
internal sealed class Http1ClientStreamConnection : IClientStreamConnection, IConnectionEventListener
{
    private readonly IClientStreamConnectionCallbacks _callbacks;
    private readonly ILogger _logger;
    private readonly Http1ResponseDecoder _head;
    private readonly Http1BodyDecoder _body;

    // Read-loop state.
    private bool _decodingBody;

    // Guarded by Sync.
    private ulong _lastStreamId;
    private Http1ClientStream? _active;
    private bool _goAway;
    private volatile bool _closed;

    private readonly WatermarkForwarder _watermarks;

    /// <summary>Creates the stream connection and subscribes to <paramref name="connection"/>'s events.</summary>
    public Http1ClientStreamConnection(IConnection connection, IClientStreamConnectionCallbacks callbacks, ProtocolOptions options, ILogger logger)
    {
        Connection = connection;
        _callbacks = callbacks;
        _logger = logger;
        _head = new Http1ResponseDecoder(options);
        _body = new Http1BodyDecoder(options);
        _watermarks = new WatermarkForwarder(Sync, () => Volatile.Read(ref _active)?.Listeners);
        connection.AddConnectionEventListener(this);
    }

    /// <inheritdoc />
    public string Protocol => ProtocolNames.Http1;

    /// <inheritdoc />
    public int ActiveStreamCount => Volatile.Read(ref _active) is null ? 0 : 1;

    /// <inheritdoc />
    public bool CanStartStream
    {
        get
        {
            lock (Sync)
            {
                return CanStartStreamLocked;
            }
        }
    }

    /// <summary>The upstream connection.</summary>
    internal IConnection Connection { get; }

    /// <summary>Guards exchange state and request writes.</summary>
    internal Lock Sync { get; } = new();

    private bool CanStartStreamLocked => !_goAway && !_closed && _active is null && Connection.State != ConnectionState.Closed;

    /// <inheritdoc />
    /// <remarks>
    /// Throws <see cref="InvalidOperationException"/> when a stream is already active (the pool guarantees one at a
    /// time). If the connection has closed meanwhile, the returned stream is dead: its first
    /// <see cref="IStreamSender.SendHeaders"/> reports <see cref="StreamResetReason.ConnectionTermination"/>.
    /// </remarks>
    public IStreamSender NewStream(IStreamReceiver responseReceiver)
    {
        ArgumentNullException.ThrowIfNull(responseReceiver);
        lock (Sync)
        {
            if (_active is not null)
            {
                throw new InvalidOperationException("An HTTP/1 connection carries one stream at a time.");
            }

            var stream = new Http1ClientStream(this, ++_lastStreamId, responseReceiver);
            if (!CanStartStreamLocked)
            {
                stream.IsFinished = true;
                stream.IsReset = true;
                return stream;
            }

            _active = stream;
            return stream;
        }
    }

    /// <inheritdoc />
    public void Dispatch(ReadBuffer buffer)
    {
        var input = buffer.Data;
        DispatchCore(ref input, buffer.IsEndOfStream);
        buffer.Consume(input.Start);
    }

    /// <inheritdoc />
    /// <remarks>No further streams start; an idle connection is closed at once, a busy one after its exchange.</remarks>
    public void GoAway()
    {
        bool idle;
        lock (Sync)
        {
            _goAway = true;
            idle = _active is null;
        }

        if (idle)
        {
            _closed = true;
            Connection.Close(ConnectionCloseType.FlushWrite);
        }
    }

    /// <inheritdoc />
    public void OnEvent(ConnectionEvent connectionEvent)
    {
        if (!connectionEvent.IsClose())
        {
            return;
        }

        Http1ClientStream? interrupted;
        lock (Sync)
        {
            _closed = true;
            interrupted = FinishLocked(reset: true);
        }

        interrupted?.Listeners.NotifyReset(StreamResetReason.ConnectionTermination);
    }

    /// <inheritdoc />
    public void OnAboveWriteBufferHighWatermark() => _watermarks.Update(above: true);

    /// <inheritdoc />
    public void OnBelowWriteBufferLowWatermark() => _watermarks.Update(above: false);

    /// <summary>Delivers watermark events raised while <see cref="Sync"/> was held. Call after every locked write.</summary>
    internal void FlushWatermarks() => _watermarks.Flush();

    /// <summary>Resets <paramref name="stream"/>: the exchange is abandoned and the connection closed without flushing.</summary>
    internal void ResetStream(Http1ClientStream stream, StreamResetReason reason)
    {
        lock (Sync)
        {
            if (stream.IsFinished || !ReferenceEquals(_active, stream))
            {
                return;
            }

            _closed = true;
            FinishLocked(reset: true);
        }

        Http1Log.StreamReset(_logger, Connection.Id, stream.Id, reason);
        stream.Listeners.NotifyReset(reason);
        Connection.Close(ConnectionCloseType.NoFlush);
    }

    /// <summary>The request body ended short of (or past) its Content-Length: the upstream would misframe it, so reset.</summary>
    internal void OnRequestLengthMismatch(Http1ClientStream stream)
    {
        Http1Log.LengthMismatch(_logger, Connection.Id, stream.Id);
        ResetStream(stream, StreamResetReason.LocalReset);
    }

    /// <summary>Applies a stream's counted ReadDisable to the connection; ignored once the stream is over.</summary>
    internal void StreamReadDisable(Http1ClientStream stream, bool disable)
    {
        lock (Sync)
        {
            if (stream.IsFinished)
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
        while (!_closed)
        {
            Http1ClientStream? stream;
            lock (Sync)
            {
                stream = _active;
            }

            if (stream is null || !stream.RequestStarted)
            {
                if (!input.IsEmpty)
                {
                    OnUnexpectedData(input.Length);
                }

                break;
            }

            if (Volatile.Read(ref stream.ReadDisableCount) > 0)
            {
                return;
            }

            if (!(_decodingBody ? DecodeBody(stream, ref input, endOfInput) : DecodeHead(stream, ref input)))
            {
                return;
            }
        }

        input = input.Slice(input.End);
    }

    /// <summary>Decodes a response head. Returns false when decoding must stop for this dispatch.</summary>
    private bool DecodeHead(Http1ClientStream stream, ref ReadOnlySequence<byte> input)
    {
        if (input.IsEmpty)
        {
            return false;
        }

        _head.RequestIsHead = stream.IsHead;
        switch (_head.Parse(ref input))
        {
            case HeadStatus.NeedMore:
                return false;
            case HeadStatus.Error:
                OnProtocolError(stream, _head.Error);
                return false;
        }

        if (_head.IsInformational)
        {
            // 100 Continue, 102, 103: interim responses are not forwarded (RFC 9110 §15.2); the final one follows.
            _head.Reset();
            return true;
        }

        Http1Stats.OnUpstreamResponse();
        var headers = _head.Headers!;
        var keepAlive = _head.KeepAlive;
        var endStream = _head.BodyKind == BodyKind.None;
        if (!endStream)
        {
            _body.Reset(_head.BodyKind, _head.ContentLength, maxBodySize: 0);
            _decodingBody = true;
        }

        _head.Reset();
        stream.ResponseKeepAlive = keepAlive;
        var outcome = endStream ? CompleteResponse(stream) : default;
        stream.Receiver.OnHeaders(headers, endStream);
        if (endStream)
        {
            AfterResponse(outcome);
        }

        return true;
    }

    /// <summary>Decodes response body bytes. Returns false when decoding must stop for this dispatch.</summary>
    private bool DecodeBody(Http1ClientStream stream, ref ReadOnlySequence<byte> input, bool endOfInput)
    {
        switch (_body.Read(ref input, endOfInput, out var data))
        {
            case BodyStatus.Data:
                var end = _body.IsComplete;
                var outcome = end ? CompleteResponse(stream) : default;
                stream.Receiver.OnData(data, end);
                if (end)
                {
                    AfterResponse(outcome);
                }

                return true;

            case BodyStatus.Done:
                var done = CompleteResponse(stream);
                if (_body.Trailers is { } trailers)
                {
                    stream.Receiver.OnTrailers(trailers);
                }
                else
                {
                    stream.Receiver.OnData(ReadOnlySequence<byte>.Empty, endStream: true);
                }

                AfterResponse(done);
                return true;

            case BodyStatus.Error:
                OnProtocolError(stream, _body.Error);
                return false;

            default:
                return false;
        }
    }

    /// <summary>Marks the response complete before its final callback, and decides what happens to the connection.</summary>
    private ResponseOutcome CompleteResponse(Http1ClientStream stream)
    {
        _decodingBody = false;
        lock (Sync)
        {
            var clean = stream.RequestComplete;
            var close = !stream.ResponseKeepAlive || !clean;
            FinishLocked(reset: false);
            var newGoAway = close && !_goAway;
            if (close)
            {
                _goAway = true;
                _closed = true;
            }

            return new ResponseOutcome(clean, close, newGoAway);
        }
    }

    private void AfterResponse(ResponseOutcome outcome)
    {
        if (outcome.NewGoAway)
        {
            _callbacks.OnGoAway();
        }

        if (outcome.Clean)
        {
            _callbacks.OnStreamComplete();
        }

        if (outcome.Close)
        {
            Connection.Close(ConnectionCloseType.FlushWrite);
        }
    }

    private void OnProtocolError(Http1ClientStream stream, Http1DecodeError error)
    {
        Http1Stats.OnDecodeError(error);
        Http1Log.ResponseRejected(_logger, Connection.Id, error, stream.Id);
        _decodingBody = false;
        Http1ClientStream? interrupted;
        lock (Sync)
        {
            _closed = true;
            _goAway = true;
            interrupted = FinishLocked(reset: true);
        }

        interrupted?.Listeners.NotifyReset(StreamResetReason.ProtocolError);
        Connection.Close(ConnectionCloseType.NoFlush);
    }

    private void OnUnexpectedData(long length)
    {
        Http1Stats.OnDecodeError(Http1DecodeError.UnexpectedData);
        Http1Log.UnexpectedUpstreamData(_logger, Connection.Id, length);
        lock (Sync)
        {
            _closed = true;
            _goAway = true;
        }

        Connection.Close(ConnectionCloseType.NoFlush);
    }

    /// <summary>Ends the active stream and gives back its read-disables; returns it if it was still in progress. Caller holds Sync.</summary>
    private Http1ClientStream? FinishLocked(bool reset)
    {
        var stream = _active;
        if (stream is null || stream.IsFinished)
        {
            return null;
        }

        _active = null;
        stream.IsFinished = true;
        stream.IsReset = reset;
        while (stream.ReadDisableCount > 0)
        {
            stream.ReadDisableCount--;
            Connection.ReadDisable(false);
        }

        return stream;
    }

    private readonly record struct ResponseOutcome(bool Clean, bool Close, bool NewGoAway);
}
