using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Streams;

namespace Mosn.Protocols.XProtocol.Connection;

/// <summary>
/// One request/response exchange of an X protocol: the <see cref="IStream"/> and the <see cref="IStreamSender"/> of its
/// local side (the response on a server connection, the request on a client connection). Its state is guarded by the
/// owning connection's lock; the sender methods may be called from any thread and go through the connection.
/// </summary>
internal sealed class XStream : StreamEventListeners, IStream, IStreamSender
{
    private readonly XStreamConnection _owner;

    public XStream(XStreamConnection owner, ulong requestId, IStreamReceiver? receiver)
    {
        _owner = owner;
        RequestId = requestId;
        Receiver = receiver;
    }

    /// <summary>The request id on this stream's connection: the client's own id downstream, the id we allocated upstream.</summary>
    public ulong RequestId { get; }

    /// <inheritdoc />
    public ulong Id => RequestId;

    /// <inheritdoc />
    public IStream Stream => this;

    /// <summary>The receiver of the peer's side: the request on the server, the response on the client.</summary>
    public IStreamReceiver? Receiver { get; set; }

    /// <summary>The stream's listeners.</summary>
    public StreamEventListeners Listeners => this;

    // ------------------------------------------------------------ state (guarded by the connection lock)

    /// <summary>Server: the decoded request (its fields shape an error response). Client: null.</summary>
    public IHeaderMap? RequestHeaders { get; init; }

    /// <summary>No response is expected (one-way request).</summary>
    public bool OneWay { get; set; }

    /// <summary>Headers given to <see cref="SendHeaders"/>, waiting for the end of the body: a frame carries both.</summary>
    public IHeaderMap? PendingHeaders { get; set; }

    /// <summary>Body chunks received before the last one, copied (only when the body comes in several calls).</summary>
    public ArrayBufferWriter<byte>? PendingBody { get; set; }

    /// <summary>The local side was encoded (or dropped): nothing more is sent.</summary>
    public bool LocalEnded { get; set; }

    /// <summary>The stream was reset or its connection closed.</summary>
    public bool IsReset { get; set; }

    /// <summary>The stream left the connection's table.</summary>
    public bool IsClosed { get; set; }

    /// <summary><see cref="ReadDisable"/> count (kept for balance; see <see cref="ReadDisable"/>).</summary>
    public int ReadDisableCount { get; set; }

    // ------------------------------------------------------------ IStreamSender

    /// <inheritdoc />
    public void SendHeaders(IHeaderMap headers, bool endStream) => _owner.SendHeaders(this, headers, endStream);

    /// <inheritdoc />
    public void SendData(in ReadOnlySequence<byte> data, bool endStream) => _owner.SendData(this, data, endStream);

    /// <inheritdoc />
    public void SendTrailers(IHeaderMap trailers) => _owner.SendTrailers(this);

    // ------------------------------------------------------------ IStream

    /// <inheritdoc />
    public void AddEventListener(IStreamEventListener listener) => Listeners.Add(listener);

    /// <inheritdoc />
    public void RemoveEventListener(IStreamEventListener listener) => Listeners.Remove(listener);

    /// <inheritdoc />
    /// <remarks>RPC frames have no reset frame: the stream is dropped here, and a late response to it is discarded.</remarks>
    public void ResetStream(StreamResetReason reason) => _owner.ResetStream(this, reason);

    /// <inheritdoc />
    /// <remarks>
    /// Counted only: a frame is delivered whole (headers and body together, bounded by
    /// <see cref="XProtocolOptions.MaxFrameSize"/>), and pausing the shared connection for one stream would stall every
    /// other stream on it.
    /// </remarks>
    public void ReadDisable(bool disable) => _owner.ReadDisableStream(this, disable);
}
