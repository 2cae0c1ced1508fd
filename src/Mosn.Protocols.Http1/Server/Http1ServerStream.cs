using System.Buffers;
using System.Globalization;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http1.Codec;
using Mosn.Streams;

namespace Mosn.Protocols.Http1.Server;

/// <summary>
/// One request/response exchange on an <see cref="Http1ServerStreamConnection"/>, and the sender that encodes its
/// response. Mutable state is guarded by the owner's <see cref="Http1ServerStreamConnection.Sync"/>.
/// </summary>
internal sealed class Http1ServerStream : StreamEventListeners, IStream, IStreamSender
{
    private readonly Http1ServerStreamConnection _owner;
    private Http1BodyEncoder _body;

    /// <summary>Creates the stream for a request whose head has just been decoded.</summary>
    public Http1ServerStream(Http1ServerStreamConnection owner, ulong id, bool requestIsHead, bool clientIsHttp11, bool clientKeepAlive)
    {
        _owner = owner;
        Id = id;
        RequestIsHead = requestIsHead;
        ClientIsHttp11 = clientIsHttp11;
        ClientKeepAlive = clientKeepAlive;
    }

    /// <inheritdoc />
    public ulong Id { get; }

    /// <inheritdoc />
    public IStream Stream => this;

    /// <summary>The stream's event listeners.</summary>
    public StreamEventListeners Listeners => this;

    /// <summary>The request was HEAD: the response never has a body.</summary>
    public bool RequestIsHead { get; }

    /// <summary>The client spoke HTTP/1.1 (else 1.0: no chunked responses).</summary>
    public bool ClientIsHttp11 { get; }

    /// <summary>The client wants the connection kept open.</summary>
    public bool ClientKeepAlive { get; }

    /// <summary>The whole request has been delivered (or is being delivered by the final callback).</summary>
    public bool RequestComplete { get; set; }

    /// <summary>The response head has been written (or an error response took its place).</summary>
    public bool ResponseStarted { get; set; }

    /// <summary>The response has been fully written.</summary>
    public bool ResponseComplete { get; set; }

    /// <summary>The stream was reset; nothing more is written or delivered for it.</summary>
    public bool IsReset { get; set; }

    /// <summary>The connection closes once the response is written.</summary>
    public bool CloseAfterResponse { get; private set; }

    /// <summary>The written body disagreed with its Content-Length.</summary>
    public bool LengthMismatch => _body.LengthMismatch;

    /// <summary>Outstanding <see cref="ReadDisable"/>(true) calls, mirrored on the connection.</summary>
    public int ReadDisableCount;

    /// <inheritdoc />
    public void AddEventListener(IStreamEventListener listener) => Listeners.Add(listener);

    /// <inheritdoc />
    public void RemoveEventListener(IStreamEventListener listener) => Listeners.Remove(listener);

    /// <inheritdoc />
    public void ResetStream(StreamResetReason reason) => _owner.ResetStream(this, reason);

    /// <inheritdoc />
    public void ReadDisable(bool disable) => _owner.StreamReadDisable(this, disable);

    /// <inheritdoc />
    /// <remarks>
    /// 1xx headers are ignored (the codec answers <c>Expect: 100-continue</c> itself; upgrades are not supported).
    /// A missing or malformed <c>:status</c> is a programmer error (<see cref="ArgumentException"/>).
    /// </remarks>
    public void SendHeaders(IHeaderMap headers, bool endStream)
    {
        var status = ParseStatus(headers);
        if (status < 200)
        {
            return;
        }

        lock (_owner.Sync)
        {
            if (IsReset || ResponseStarted)
            {
                return;
            }

            ResponseStarted = true;
            var contentLength = headers.TryGet(KnownHeaders.ContentLength, out var declared) && Http1HeadDecoder.TryParseContentLength(declared, out var parsed) ? parsed : -1;
            if (status == 204)
            {
                contentLength = -1; // RFC 9110 §8.6: never in a 204.
            }

            FramingMode mode;
            if (RequestIsHead || status is 204 or 304)
            {
                // No body; a Content-Length from the upstream describes the body a GET would get and is kept as is.
                mode = FramingMode.NoBody;
            }
            else if (contentLength >= 0)
            {
                mode = FramingMode.ContentLength;
            }
            else if (endStream)
            {
                mode = FramingMode.ContentLength;
                contentLength = 0;
            }
            else if (ClientIsHttp11)
            {
                mode = FramingMode.Chunked;
            }
            else
            {
                mode = FramingMode.UntilClose;
            }

            // Close when the client asked, when draining, when the body is delimited by the close, or when the request
            // is still arriving: its remaining bytes would otherwise be read as the next request.
            CloseAfterResponse = !ClientKeepAlive || _owner.IsGoingAway || mode == FramingMode.UntilClose || !RequestComplete;

            var writer = _owner.Connection.BeginWrite();
            Http1Encoder.WriteStatusLine(writer, status);
            Http1Encoder.WriteFields(writer, headers, skipHost: false);
            if (contentLength >= 0)
            {
                Http1Encoder.WriteContentLength(writer, contentLength);
            }

            if (mode == FramingMode.Chunked)
            {
                Http1Encoder.WriteAscii(writer, "Transfer-Encoding: chunked\r\n"u8);
            }

            if (CloseAfterResponse)
            {
                Http1Encoder.WriteAscii(writer, "Connection: close\r\n"u8);
            }
            else if (!ClientIsHttp11)
            {
                Http1Encoder.WriteAscii(writer, "Connection: keep-alive\r\n"u8);
            }

            Http1Encoder.WriteAscii(writer, "\r\n"u8);
            _body.Start(mode, contentLength);
            if (endStream)
            {
                _body.WriteData(writer, ReadOnlySequence<byte>.Empty, endStream: true);
                ResponseComplete = true;
            }

            _owner.Connection.EndWrite();
        }

        _owner.FlushWatermarks();
        if (endStream)
        {
            _owner.OnResponseComplete(this);
        }
    }

    /// <inheritdoc />
    public void SendData(in ReadOnlySequence<byte> data, bool endStream)
    {
        lock (_owner.Sync)
        {
            if (IsReset || !ResponseStarted || ResponseComplete)
            {
                return;
            }

            if (endStream || (!data.IsEmpty && _body.Mode != FramingMode.NoBody))
            {
                var writer = _owner.Connection.BeginWrite();
                _body.WriteData(writer, data, endStream);
                _owner.Connection.EndWrite();
            }

            ResponseComplete = endStream;
        }

        _owner.FlushWatermarks();
        if (endStream)
        {
            _owner.OnResponseComplete(this);
        }
    }

    /// <inheritdoc />
    public void SendTrailers(IHeaderMap trailers)
    {
        lock (_owner.Sync)
        {
            if (IsReset || !ResponseStarted || ResponseComplete)
            {
                return;
            }

            var writer = _owner.Connection.BeginWrite();
            _body.WriteTrailers(writer, trailers);
            _owner.Connection.EndWrite();
            ResponseComplete = true;
        }

        _owner.FlushWatermarks();
        _owner.OnResponseComplete(this);
    }

    private static int ParseStatus(IHeaderMap headers)
    {
        if (headers.TryGet(PseudoHeaders.Status, out var value)
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            && status is >= 100 and <= 999)
        {
            return status;
        }

        throw new ArgumentException("Response headers need a :status between 100 and 999.", nameof(headers));
    }
}
