using Mosn.Abstractions.Protocol;
using Mosn.Streams;

namespace Mosn.Protocols.XProtocol;

/// <summary>
/// What one multiplexed request/response RPC protocol supplies to the X-protocol framework (MOSN's <c>XProtocol</c>:
/// codec, <c>Heartbeater</c>, <c>Hijacker</c>, request-id width). The framework does the rest: streams keyed by request
/// id, upstream request-id rewriting, heartbeat answers, error responses, limits.
/// </summary>
/// <remarks>
/// Implementations are stateless and thread-safe: one instance serves every connection. Encoders append to
/// <see cref="IBufferWriter{T}"/> (the connection's send buffer) and never throw for values taken from a header map: a
/// missing or unparsable protocol field gets the protocol's default.
/// </remarks>
public interface IXProtocolCodec
{
    /// <summary>The protocol's name in configuration (MOSN's sub protocol name, e.g. <c>bolt</c>).</summary>
    string Name { get; }

    /// <summary>The largest request id the protocol carries (ids are allocated from 1 up to it, then wrap).</summary>
    ulong MaxRequestId { get; }

    /// <summary>Decides from the first bytes of a connection whether it speaks this protocol.</summary>
    MatchResult Match(in ReadOnlySequence<byte> firstBytes);

    /// <summary>
    /// Decodes the frame at the start of <paramref name="buffer"/>. Validates the fixed header (magic, type, lengths
    /// against <paramref name="limits"/>) as soon as it is buffered, before waiting for or allocating the rest.
    /// </summary>
    /// <returns><see cref="XDecodeStatus.Frame"/> with <paramref name="frame"/> set; otherwise <paramref name="frame"/> is default.</returns>
    XDecodeStatus Decode(in ReadOnlySequence<byte> buffer, XProtocolOptions limits, out XFrame frame);

    /// <summary>
    /// As <see cref="Decode(in ReadOnlySequence{byte}, XProtocolOptions, out XFrame)"/>, reusing the strings of the
    /// connection's previous frame through <paramref name="strings"/> (one cache per connection, used by its read loop
    /// only): the class name and header keys and values of a service's calls repeat from frame to frame. A codec without
    /// such reuse decodes as the other overload does.
    /// </summary>
    XDecodeStatus Decode(in ReadOnlySequence<byte> buffer, XProtocolOptions limits, HeaderValueCache strings, out XFrame frame) =>
        Decode(buffer, limits, out frame);

    /// <summary>Encodes a request (or one-way request) frame with <paramref name="requestId"/>, its fields and headers from <paramref name="headers"/>, and <paramref name="body"/>.</summary>
    /// <returns>False, with nothing written, when the message cannot be framed (a field past the protocol's length limits).</returns>
    bool EncodeRequest(IBufferWriter<byte> output, ulong requestId, IHeaderMap headers, in ReadOnlySequence<byte> body);

    /// <summary>True when the request described by <paramref name="headers"/> is one-way (no response will come).</summary>
    bool IsOneWay(IHeaderMap headers);

    /// <summary>
    /// True when <paramref name="headers"/> describe a response of this protocol (decoded from an upstream frame, or built
    /// with its fields); false for a map the proxy built itself (only <see cref="PseudoHeaders.Status"/> and perhaps
    /// content headers), which is answered with <see cref="EncodeHijack"/>.
    /// </summary>
    bool IsProtocolResponse(IHeaderMap headers);

    /// <summary>Encodes a response frame with <paramref name="requestId"/>, its fields and headers from <paramref name="headers"/>, and <paramref name="body"/>.</summary>
    /// <returns>False, with nothing written, when the message cannot be framed (a field past the protocol's length limits).</returns>
    bool EncodeResponse(IBufferWriter<byte> output, ulong requestId, IHeaderMap headers, in ReadOnlySequence<byte> body);

    /// <summary>
    /// Encodes the protocol's own error response to the request with <paramref name="requestId"/> (MOSN's hijack) for the
    /// proxy's HTTP-style <paramref name="httpStatus"/> (404 no route, 503 no host or overflow, 504 timeout, 502 upstream error).
    /// </summary>
    /// <param name="output">Where the frame goes.</param>
    /// <param name="requestId">The downstream request's id.</param>
    /// <param name="requestHeaders">The request's headers (for fields the response copies, such as the serializer), or null.</param>
    /// <param name="httpStatus">The status the proxy answered with.</param>
    void EncodeHijack(IBufferWriter<byte> output, ulong requestId, IHeaderMap? requestHeaders, int httpStatus);

    /// <summary>Encodes a heartbeat request (MOSN's <c>Heartbeater.Trigger</c>).</summary>
    void EncodeHeartbeat(IBufferWriter<byte> output, ulong requestId);

    /// <summary>Encodes the answer to the heartbeat <paramref name="heartbeat"/> (MOSN's <c>Heartbeater.Reply</c>).</summary>
    void EncodeHeartbeatReply(IBufferWriter<byte> output, in XFrame heartbeat);
}
