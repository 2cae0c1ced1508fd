using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;

namespace Mosn.Upstream.Tests.Fakes;

public sealed class FakeStreamSender(ulong id, FakeClientStreamConnection owner) : IStreamSender, IStream
{
    public FakeClientStreamConnection Owner => owner;
    public IStream Stream => this;
    public ulong Id => id;
    public void SendHeaders(IHeaderMap headers, bool endStream) { }
    public void SendData(in ReadOnlySequence<byte> data, bool endStream) { }
    public void SendTrailers(IHeaderMap trailers) { }
    public void AddEventListener(IStreamEventListener listener) { }
    public void RemoveEventListener(IStreamEventListener listener) { }
    public void ResetStream(StreamResetReason reason) { }
    public void ReadDisable(bool disable) { }
}
