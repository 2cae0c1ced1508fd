using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Streams;

namespace Mosn.Protocols.Http2.Connection;

/// <summary>
/// One HTTP/2 stream: the <see cref="IStream"/> and the <see cref="IStreamSender"/> of its local side (the response on
/// a server connection, the request on a client connection). Its state is guarded by the owning connection's lock;
/// the sender methods may be called from any thread and go through the connection.
/// </summary>
internal sealed class Http2Stream : StreamEventListeners, IStream, IStreamSender
{
    private readonly Http2Connection _owner;

    // Watermark delivery (see DeliverWatermark): the wanted state is computed under the connection lock, delivery
    // happens outside it, coalesced and in order.
    private int _watermarkWanted;
    private int _watermarkDelivered;
    private int _watermarkDelivering;

    public Http2Stream(Http2Connection owner, uint streamId, IStreamReceiver? receiver)
    {
        _owner = owner;
        StreamId = streamId;
        Receiver = receiver;
    }

    /// <summary>The HTTP/2 stream identifier; 0 for a client stream whose HEADERS have not been sent yet.</summary>
    public uint StreamId { get; set; }

    /// <inheritdoc />
    public ulong Id => StreamId;

    /// <inheritdoc />
    public IStream Stream => this;

    /// <summary>Gets the peer's side: request on the server, response on the client.</summary>
    public IStreamReceiver? Receiver { get; set; }

    /// <summary>The stream's listeners.</summary>
    public StreamEventListeners Listeners => this;

    // ------------------------------------------------------------ state (guarded by the connection lock)

    /// <summary>The peer's headers (request, or final response) arrived.</summary>
    public bool HeadersReceived { get; set; }

    /// <summary>END_STREAM received.</summary>
    public bool RemoteEnded { get; set; }

    /// <summary>Our HEADERS went out.</summary>
    public bool LocalHeadersSent { get; set; }

    /// <summary>The local side was ended by the caller (END_STREAM may still wait behind queued data).</summary>
    public bool LocalEndRequested { get; set; }

    /// <summary>END_STREAM went out.</summary>
    public bool LocalEnded { get; set; }

    /// <summary>The stream was reset (either side) or its connection closed; nothing more is sent or delivered.</summary>
    public bool IsReset { get; set; }

    /// <summary>The stream left the connection's table.</summary>
    public bool IsClosed { get; set; }

    /// <summary>Bytes the peer lets us send on this stream (may go negative after a SETTINGS change).</summary>
    public long SendWindow { get; set; }

    /// <summary>Bytes the peer may still send on this stream.</summary>
    public long RecvWindow { get; set; }

    /// <summary>Received bytes consumed by the receiver and not yet returned by WINDOW_UPDATE.</summary>
    public long RecvUnacked { get; set; }

    /// <summary>Received bytes delivered while reading was disabled: returned when it is enabled again.</summary>
    public long RecvHeld { get; set; }

    /// <summary><see cref="ReadDisable"/> count.</summary>
    public int ReadDisableCount { get; set; }

    /// <summary>Queued body bytes waiting for window, or null.</summary>
    public PendingData? Pending { get; set; }

    /// <summary>Whether <see cref="Pending"/> crossed the high watermark (and not yet back under the low one).</summary>
    public bool PendingAbove { get; set; }

    /// <summary>Whether the stream is in the connection's list of streams waiting for window.</summary>
    public bool Blocked { get; set; }

    /// <summary>The declared content-length of the peer's side, or -1.</summary>
    public long ExpectedLength { get; set; } = -1;

    /// <summary>Body bytes received from the peer.</summary>
    public long ReceivedLength { get; set; }

    /// <summary>Client: the request was HEAD (the response's content-length does not describe a body).</summary>
    public bool IsHeadRequest { get; set; }

    /// <summary>When the stream opened (<see cref="Environment.TickCount64"/>).</summary>
    public long OpenedAt { get; set; }

    // ------------------------------------------------------------ IStreamSender

    /// <inheritdoc />
    public void SendHeaders(IHeaderMap headers, bool endStream) => _owner.SendHeaders(this, headers, endStream);

    /// <inheritdoc />
    public void SendData(in ReadOnlySequence<byte> data, bool endStream) => _owner.SendData(this, data, endStream);

    /// <inheritdoc />
    public void SendTrailers(IHeaderMap trailers) => _owner.SendTrailers(this, trailers);

    // ------------------------------------------------------------ IStream

    /// <inheritdoc />
    public void AddEventListener(IStreamEventListener listener) => Listeners.Add(listener);

    /// <inheritdoc />
    public void RemoveEventListener(IStreamEventListener listener) => Listeners.Remove(listener);

    /// <inheritdoc />
    public void ResetStream(StreamResetReason reason) => _owner.ResetStream(this, reason);

    /// <inheritdoc />
    /// <remarks>
    /// HTTP/2 keeps delivering what the peer already sent (at most the window granted), but returns no window for it
    /// while reading is disabled, so the peer stops within one window: flow control, not a paused socket, throttles it.
    /// </remarks>
    public void ReadDisable(bool disable) => _owner.ReadDisableStream(this, disable);

    // ------------------------------------------------------------ watermarks

    /// <summary>Records the wanted watermark state; call <see cref="DeliverWatermark"/> after the lock is released.</summary>
    public bool SetWatermarkWanted(bool above)
    {
        var value = above ? 1 : 0;
        return Interlocked.Exchange(ref _watermarkWanted, value) != value;
    }

    /// <summary>Delivers pending above/below transitions to the listeners, never concurrently, ending in the latest state.</summary>
    public void DeliverWatermark()
    {
        while (Volatile.Read(ref _watermarkWanted) != Volatile.Read(ref _watermarkDelivered))
        {
            if (Interlocked.CompareExchange(ref _watermarkDelivering, 1, 0) != 0)
            {
                return; // another thread is delivering and re-checks when it is done
            }

            var state = Volatile.Read(ref _watermarkWanted);
            if (state != _watermarkDelivered)
            {
                _watermarkDelivered = state;
                if (state == 1)
                {
                    Listeners.NotifyAboveWriteBufferHighWatermark();
                }
                else
                {
                    Listeners.NotifyBelowWriteBufferLowWatermark();
                }
            }

            Volatile.Write(ref _watermarkDelivering, 0);
        }
    }
}
