using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;

namespace Mosn.Upstream.Tests.Fakes;

public sealed class NullReceiver : IStreamReceiver
{
    public static NullReceiver Instance { get; } = new();
    public void OnHeaders(IHeaderMap headers, bool endStream) { }
    public void OnData(in ReadOnlySequence<byte> data, bool endStream) { }
    public void OnTrailers(IHeaderMap trailers) { }
}
