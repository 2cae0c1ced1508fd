using System.Globalization;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;

namespace Mosn.Protocols.XProtocol.Connection;

/// <summary>
/// The server side of an X protocol on one downstream connection: every request frame becomes a stream handed to
/// <see cref="IServerStreamConnectionCallbacks.OnNewStream"/>, keyed by the client's own request id, and its response
/// is encoded with that id.
/// </summary>
/// <remarks>
/// <para>Answered here, never routed: heartbeats (the protocol's heartbeat reply), and requests past
/// <see cref="XProtocolOptions.MaxConcurrentRequests"/> (the protocol's "server busy" error). A request reusing the id
/// of one still in flight is a protocol violation: the connection is closed.</para>
/// <para>A request frame stating a timeout (<see cref="XFrame.TimeoutMs"/> &gt; 0) carries it as
/// <see cref="PseudoHeaders.RequestTimeout"/>, which the proxy uses instead of the route timeout.</para>
/// <para>Responses: headers that are the protocol's own (decoded from an upstream frame) are re-encoded with their
/// fields; any other map is the proxy's own answer (<c>:status</c> only) and becomes the protocol's error response
/// (hijack) for that status, without a body. Responses to one-way requests are dropped.</para>
/// </remarks>
internal sealed class XServerConnection : XStreamConnection, IServerStreamConnection
{
    private readonly IServerStreamConnectionCallbacks _callbacks;
    private bool _goAwaySent;

    public XServerConnection(IConnection connection, IServerStreamConnectionCallbacks callbacks, IXProtocolCodec codec, XProtocolOptions options)
        : base(connection, codec, options) =>
        _callbacks = callbacks;

    /// <inheritdoc />
    /// <remarks>
    /// Bolt v1 has no GoAway frame MOSN sends by default: this only marks the connection, which closes once its last
    /// request is answered.
    /// </remarks>
    public override void GoAway()
    {
        lock (Sync)
        {
            if (Closed || _goAwaySent)
            {
                return;
            }

            _goAwaySent = true;
            if (Streams.Count == 0)
            {
                DeferClose(ConnectionCloseType.FlushWrite);
            }
        }

        RunDeferred();
    }

    /// <inheritdoc />
    protected override void OnFrame(in XFrame frame)
    {
        switch (frame.Kind)
        {
            case XFrameKind.Heartbeat:
                ReplyHeartbeat(frame);
                return;
            case XFrameKind.Request:
            case XFrameKind.OneWayRequest:
                OnRequest(frame);
                return;
            case XFrameKind.GoAway:
                _callbacks.OnGoAway();
                return;
            default:
                return; // a response or heartbeat ack from a client: nothing waits for it
        }
    }

    private void OnRequest(in XFrame frame)
    {
        var oneWay = frame.Kind == XFrameKind.OneWayRequest;
        XStream stream;
        lock (Sync)
        {
            if (Closed)
            {
                return;
            }

            if (!oneWay && Streams.ContainsKey(frame.RequestId))
            {
                // The client reused the id of a request still in flight: responses could no longer be told apart.
                XProtocolStats.OnMalformedFrame();
                Closed = true;
                DeferClose(ConnectionCloseType.NoFlush);
                return;
            }

            if (Streams.Count >= Options.MaxConcurrentRequests)
            {
                XProtocolStats.OnBusyRejection();
                if (!oneWay)
                {
                    WriteHijackLocked(frame.RequestId, frame.Headers, 503);
                }

                return;
            }

            stream = new XStream(this, frame.RequestId, receiver: null) { RequestHeaders = frame.Headers, OneWay = oneWay };
            if (!oneWay)
            {
                Streams[frame.RequestId] = stream;
            }
        }

        if (frame.TimeoutMs > 0)
        {
            // The client's own deadline replaces the route timeout (MOSN copies it into the global-timeout variable).
            frame.Headers.Set(PseudoHeaders.RequestTimeout, frame.TimeoutMs.ToString(CultureInfo.InvariantCulture));
        }

        XProtocolStats.OnDownstreamRequest();
        var receiver = _callbacks.OnNewStream(stream);
        stream.Receiver = receiver;
        var hasBody = !frame.Body.IsEmpty;
        receiver.OnHeaders(frame.Headers, endStream: !hasBody);
        if (hasBody)
        {
            receiver.OnData(frame.Body, endStream: true);
        }
    }

    /// <inheritdoc />
    protected override void EncodeLocked(XStream stream, IHeaderMap headers, in ReadOnlySequence<byte> body)
    {
        if (!stream.OneWay && !Closed)
        {
            if (Codec.IsProtocolResponse(headers))
            {
                var output = Connection.BeginWrite();
                var encoded = Codec.EncodeResponse(output, stream.RequestId, headers, body);
                Connection.EndWrite();
                if (!encoded)
                {
                    // The upstream's response cannot be framed for this protocol: answer with an error instead.
                    WriteHijackLocked(stream.RequestId, stream.RequestHeaders, 502);
                }
            }
            else
            {
                var status = int.TryParse(headers.Get(PseudoHeaders.Status), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 500;
                WriteHijackLocked(stream.RequestId, stream.RequestHeaders, status);
            }
        }

        CloseStreamLocked(stream);
    }

    private void WriteHijackLocked(ulong requestId, IHeaderMap? requestHeaders, int status)
    {
        XProtocolStats.OnHijack();
        var output = Connection.BeginWrite();
        Codec.EncodeHijack(output, requestId, requestHeaders, status);
        Connection.EndWrite();
    }

    /// <inheritdoc />
    protected override void OnStreamClosedLocked(XStream stream)
    {
        if (_goAwaySent && Streams.Count == 0 && !Closed)
        {
            DeferClose(ConnectionCloseType.FlushWrite);
        }
    }
}
