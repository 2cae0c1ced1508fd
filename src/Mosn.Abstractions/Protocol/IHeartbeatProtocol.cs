namespace Mosn.Abstractions.Protocol;

/// <summary>
/// A protocol with its own heartbeat (the RPC protocols: Bolt, Dubbo), as the active health check uses it: write a
/// heartbeat request, then recognise its answer among the frames the host sends back. Implemented by an
/// <see cref="IProtocol"/> next to its stream connections; callers find it with a type test on the registered protocol.
/// </summary>
/// <remarks>Implementations are stateless and thread-safe: one instance serves every connection.</remarks>
public interface IHeartbeatProtocol
{
    /// <summary>Appends one heartbeat request with <paramref name="requestId"/> to <paramref name="output"/> (the connection's send buffer).</summary>
    /// <param name="output">Where the frame goes; the caller sends it.</param>
    /// <param name="requestId">The id the answer will carry; must fit the protocol's request id (32 bits for Bolt).</param>
    void WriteHeartbeat(IBufferWriter<byte> output, ulong requestId);

    /// <summary>
    /// Decodes the frame at the start of <paramref name="buffer"/> (bytes received on a connection that sent heartbeats),
    /// applying the protocol's frame size limits before waiting for the rest of a frame.
    /// </summary>
    /// <param name="buffer">Received bytes; not retained.</param>
    /// <param name="consumed">With <see cref="OperationStatus.Done"/>: the frame's length, to be consumed; otherwise 0.</param>
    /// <param name="requestId">With <see cref="OperationStatus.Done"/> and a heartbeat answer: the id it answers; otherwise 0.</param>
    /// <param name="isSuccessfulAnswer">
    /// With <see cref="OperationStatus.Done"/>: true when the frame is a heartbeat answer with the protocol's success status;
    /// false for any other frame (a failed answer, a request, a response to something else), which the caller skips.
    /// </param>
    /// <returns>
    /// <see cref="OperationStatus.Done"/> when one whole frame was decoded; <see cref="OperationStatus.NeedMoreData"/> when
    /// the buffer holds only part of one; <see cref="OperationStatus.InvalidData"/> when the bytes violate the protocol
    /// (close the connection). Never throws for input.
    /// </returns>
    OperationStatus ReadHeartbeatAnswer(in ReadOnlySequence<byte> buffer, out long consumed, out ulong requestId, out bool isSuccessfulAnswer);
}
