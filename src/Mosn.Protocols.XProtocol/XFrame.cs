using Mosn.Abstractions.Protocol;

namespace Mosn.Protocols.XProtocol;

/// <summary>
/// One decoded frame of an X protocol: its kind and request id, the header map (the protocol's fields under the names its
/// codec documents, then the frame's own key/value headers), and the body.
/// </summary>
/// <remarks>
/// Ownership: <see cref="Body"/> is a slice of the connection's read buffer, valid only until the decoder consumes the
/// frame (the end of the dispatch that produced it); <see cref="Headers"/> is a new map the receiver owns.
/// </remarks>
/// <param name="Kind">What the frame is.</param>
/// <param name="RequestId">The request id that ties a response to its request (the stream id on its connection).</param>
/// <param name="Length">The frame's size on the wire, in bytes (what the decoder consumes).</param>
/// <param name="Headers">The protocol fields and key/value headers. Responses carry <see cref="PseudoHeaders.Status"/>: the protocol status mapped to HTTP.</param>
/// <param name="Body">The payload bytes, untouched (serialized content).</param>
/// <param name="TimeoutMs">The request's timeout in milliseconds as the frame states it, or 0 when it states none.</param>
public readonly record struct XFrame(XFrameKind Kind, ulong RequestId, long Length, IHeaderMap Headers, ReadOnlySequence<byte> Body, int TimeoutMs);
