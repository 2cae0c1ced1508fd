using Mosn.Abstractions.Network;

namespace Mosn.Abstractions.Streams;

/// <summary>
/// Runs a protocol over one connection: decodes bytes into streams and encodes streams into bytes. A multiplexed protocol
/// carries many streams at once, tied by stream id; HTTP/1 carries one at a time.
/// </summary>
public interface IStreamConnection
{
    /// <summary>The protocol name.</summary>
    string Protocol { get; }

    /// <summary>
    /// Feeds received bytes to the decoder, which raises stream callbacks. Consumes what it decoded; leaves a partial
    /// frame (or anything it cannot take yet, e.g. while reading is paused) in <paramref name="buffer"/>. Never throws for
    /// malformed input: the protocol answers with its own error and closes or resets as it defines.
    /// </summary>
    void Dispatch(ReadBuffer buffer);

    /// <summary>Streams that have started and not finished.</summary>
    int ActiveStreamCount { get; }

    /// <summary>Tells the peer no new streams will be accepted (HTTP/2 GOAWAY; HTTP/1 <c>Connection: close</c> on the next response).</summary>
    void GoAway();
}
