using System.Buffers;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http1.Codec;
using Mosn.Streams;

namespace Mosn.Protocols.Http1.Client;

/// <summary>
/// One request/response exchange on an <see cref="Http1ClientStreamConnection"/>, and the sender that encodes its
/// request. Mutable state is guarded by the owner's <see cref="Http1ClientStreamConnection.Sync"/>.
/// </summary>
internal sealed class Http1ClientStream : StreamEventListeners, IStream, IStreamSender
{
    private readonly Http1ClientStreamConnection _owner;
    private Http1BodyEncoder _body;

    /// <summary>Creates a stream whose response goes to <paramref name="receiver"/>.</summary>
    public Http1ClientStream(Http1ClientStreamConnection owner, ulong id, IStreamReceiver receiver)
    {
        _owner = owner;
        Id = id;
        Receiver = receiver;
    }

    /// <inheritdoc />
    public ulong Id { get; }

    /// <inheritdoc />
    public IStream Stream => this;

    /// <summary>Gets the decoded response.</summary>
    public IStreamReceiver Receiver { get; }

    /// <summary>The stream's event listeners.</summary>
    public StreamEventListeners Listeners => this;

    /// <summary>The response allows the connection to be reused. Set by the read loop before the response completes.</summary>
    public bool ResponseKeepAlive { get; set; }

    /// <summary>The request is HEAD: its response has no body.</summary>
    public bool IsHead { get; private set; }

    /// <summary>The request head has been written.</summary>
    public bool RequestStarted { get; private set; }

    /// <summary>The request has been fully written.</summary>
    public bool RequestComplete { get; private set; }

    /// <summary>The exchange is over for this stream (response received, or reset): further calls are ignored.</summary>
    public bool IsFinished { get; set; }

    /// <summary>The stream was reset or its connection failed before it could start.</summary>
    public bool IsReset { get; set; }

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
    /// Writes <c>METHOD path HTTP/1.1</c> and <c>Host</c> from <c>:authority</c> (else a Host header, else empty).
    /// Framing: the given Content-Length, else none when the request ends here (Content-Length: 0 for POST, PUT and
    /// PATCH), else chunked. A missing <c>:method</c> or <c>:path</c> is a programmer error (<see cref="ArgumentException"/>).
    /// </remarks>
    public void SendHeaders(IHeaderMap headers, bool endStream)
    {
        var method = headers.Get(PseudoHeaders.Method) ?? throw new ArgumentException("Request headers need :method.", nameof(headers));
        var authority = headers.Get(PseudoHeaders.Authority) ?? headers.Get(KnownHeaders.Host) ?? string.Empty;
        var path = headers.Get(PseudoHeaders.Path)
            ?? (method == KnownMethods.Connect ? authority : throw new ArgumentException("Request headers need :path.", nameof(headers)));
        if (!IsRequestLinePart(method) || !IsRequestLinePart(path) || authority.AsSpan().ContainsAny('\r', '\n', '\0'))
        {
            // Pseudo headers from another protocol that cannot form a request line: never write them.
            _owner.ResetStream(this, StreamResetReason.ProtocolError);
            return;
        }

        var mismatch = false;
        var dead = false;
        var written = false;
        lock (_owner.Sync)
        {
            if (IsFinished || RequestStarted)
            {
                dead = IsReset && !RequestStarted;
                RequestStarted = true;
            }
            else
            {
                mismatch = WriteHead(headers, method, authority, path, endStream);
                written = true;
            }
        }

        _owner.FlushWatermarks();
        if (dead)
        {
            // The connection was gone before the request could start: tell the (by now subscribed) listeners.
            Listeners.NotifyReset(StreamResetReason.ConnectionTermination);
            return;
        }

        if (!written)
        {
            return;
        }

        Http1Stats.OnUpstreamRequest();
        if (mismatch)
        {
            _owner.OnRequestLengthMismatch(this);
        }
    }

    /// <summary>Encodes the request head. Caller holds Sync. Returns true when the request ended short of its Content-Length.</summary>
    private bool WriteHead(IHeaderMap headers, string method, string authority, string path, bool endStream)
    {
        RequestStarted = true;
        IsHead = method == KnownMethods.Head;
        var contentLength = headers.TryGet(KnownHeaders.ContentLength, out var declared) && Http1HeadDecoder.TryParseContentLength(declared, out var parsed) ? parsed : -1;
        FramingMode mode;
        if (contentLength >= 0)
        {
            mode = FramingMode.ContentLength;
        }
        else if (endStream)
        {
            mode = FramingMode.NoBody;
            if (KnownMethods.ExpectsBody(method))
            {
                mode = FramingMode.ContentLength;
                contentLength = 0;
            }
        }
        else
        {
            mode = FramingMode.Chunked;
        }

        var writer = _owner.Connection.BeginWrite();
        Http1Encoder.WriteRequestLine(writer, method, path);
        Http1Encoder.WriteField(writer, "Host", authority);
        Http1Encoder.WriteFields(writer, headers, skipHost: true);
        if (contentLength >= 0)
        {
            Http1Encoder.WriteContentLength(writer, contentLength);
        }

        if (mode == FramingMode.Chunked)
        {
            Http1Encoder.WriteAscii(writer, "Transfer-Encoding: chunked\r\n"u8);
        }

        Http1Encoder.WriteAscii(writer, "\r\n"u8);
        _body.Start(mode, contentLength);
        if (endStream)
        {
            _body.WriteData(writer, ReadOnlySequence<byte>.Empty, endStream: true);
            RequestComplete = true;
        }

        _owner.Connection.EndWrite();
        return _body.LengthMismatch;
    }

    /// <inheritdoc />
    public void SendData(in ReadOnlySequence<byte> data, bool endStream)
    {
        bool mismatch;
        lock (_owner.Sync)
        {
            if (IsFinished || !RequestStarted || RequestComplete)
            {
                return;
            }

            if (endStream || (!data.IsEmpty && _body.Mode != FramingMode.NoBody))
            {
                var writer = _owner.Connection.BeginWrite();
                _body.WriteData(writer, data, endStream);
                _owner.Connection.EndWrite();
            }

            RequestComplete = endStream;
            mismatch = _body.LengthMismatch;
        }

        _owner.FlushWatermarks();

        if (mismatch)
        {
            _owner.OnRequestLengthMismatch(this);
        }
    }

    /// <inheritdoc />
    public void SendTrailers(IHeaderMap trailers)
    {
        bool mismatch;
        lock (_owner.Sync)
        {
            if (IsFinished || !RequestStarted || RequestComplete)
            {
                return;
            }

            var writer = _owner.Connection.BeginWrite();
            _body.WriteTrailers(writer, trailers);
            _owner.Connection.EndWrite();
            RequestComplete = true;
            mismatch = _body.LengthMismatch;
        }

        _owner.FlushWatermarks();

        if (mismatch)
        {
            _owner.OnRequestLengthMismatch(this);
        }
    }

    private static bool IsRequestLinePart(string value) =>
        value.Length > 0 && !value.AsSpan().ContainsAnyInRange('\0', ' ') && !value.AsSpan().Contains('\u007F');
}
