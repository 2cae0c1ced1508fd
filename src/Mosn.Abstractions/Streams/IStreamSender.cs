using System.Buffers;
using Mosn.Abstractions.Protocol;

namespace Mosn.Abstractions.Streams;

/// <summary>
/// Encodes one side of a stream: the request on a client stream, the response on a server stream.
/// </summary>
/// <remarks>
/// Call order: <see cref="SendHeaders"/> once, then any number of <see cref="SendData"/>, then optionally
/// <see cref="SendTrailers"/>; the call with <c>endStream: true</c> (or trailers) ends the side. Data is copied into
/// the connection's send buffer before the call returns. Callable from any thread, but not concurrently for one stream.
/// Never throws for network failures; a broken stream is reported through <see cref="IStreamEventListener.OnResetStream"/>.
/// </remarks>
public interface IStreamSender
{
    /// <summary>The stream this sender encodes.</summary>
    IStream Stream { get; }

    /// <summary>Encodes the headers (with pseudo headers; see <see cref="Protocol.PseudoHeaders"/>).</summary>
    void SendHeaders(IHeaderMap headers, bool endStream);

    /// <summary>Encodes a body chunk. The bytes are only read during the call.</summary>
    void SendData(in ReadOnlySequence<byte> data, bool endStream);

    /// <summary>Encodes trailers; ends the side.</summary>
    void SendTrailers(IHeaderMap trailers);
}
