using System.Buffers;
using Mosn.Abstractions.Protocol;

namespace Mosn.Abstractions.Streams;

/// <summary>
/// Receives one decoded side of a stream: the request on a server stream, the response on a client stream.
/// </summary>
/// <remarks>
/// Called on the read loop of the connection that carries the stream, in order: <see cref="OnHeaders"/> once, then
/// <see cref="OnData"/> zero or more times, then optionally <see cref="OnTrailers"/>. The call carrying
/// <c>endStream: true</c> (or trailers) is the last. Data passed to <see cref="OnData"/> is valid only during the call:
/// forward or copy it before returning. Implementations must not block.
/// </remarks>
public interface IStreamReceiver
{
    /// <summary>Decoded headers. The receiver owns <paramref name="headers"/> from now on.</summary>
    void OnHeaders(IHeaderMap headers, bool endStream);

    /// <summary>A decoded body chunk.</summary>
    void OnData(in ReadOnlySequence<byte> data, bool endStream);

    /// <summary>Decoded trailers; the side ends.</summary>
    void OnTrailers(IHeaderMap trailers);
}
