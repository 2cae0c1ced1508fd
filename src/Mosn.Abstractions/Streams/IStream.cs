namespace Mosn.Abstractions.Streams;

/// <summary>One request/response exchange on a stream connection, identified by <see cref="Id"/>.</summary>
public interface IStream
{
    /// <summary>Stream id, unique on its connection (HTTP/2 stream id, RPC request id, or a counter for HTTP/1).</summary>
    ulong Id { get; }

    /// <summary>Subscribes to reset and watermark events.</summary>
    void AddEventListener(IStreamEventListener listener);

    /// <summary>Unsubscribes.</summary>
    void RemoveEventListener(IStreamEventListener listener);

    /// <summary>
    /// Resets the stream locally: the protocol aborts it on the wire (HTTP/2 RST_STREAM; HTTP/1 closes the connection
    /// when the exchange cannot complete cleanly). Listeners get <see cref="IStreamEventListener.OnResetStream"/>. Idempotent.
    /// </summary>
    void ResetStream(StreamResetReason reason);

    /// <summary>Pauses or resumes delivery of this stream's incoming data (counted).</summary>
    void ReadDisable(bool disable);
}
