namespace Mosn.Abstractions.Streams;

/// <summary>The client (upstream) side of a stream connection: encodes requests, decodes responses.</summary>
public interface IClientStreamConnection : IStreamConnection
{
    /// <summary>
    /// Starts a new request stream; responses for it go to <paramref name="responseReceiver"/>. For a non-multiplexed
    /// protocol the caller (the pool) guarantees at most one active stream.
    /// </summary>
    IStreamSender NewStream(IStreamReceiver responseReceiver);

    /// <summary>True while new streams may be started (the peer has not said it will close, no protocol error, under the stream limit).</summary>
    bool CanStartStream { get; }
}
