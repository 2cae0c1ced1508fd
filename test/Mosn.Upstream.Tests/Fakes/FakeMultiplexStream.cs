using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;

namespace Mosn.Upstream.Tests.Fakes;

/// <summary>
/// A stream of a <see cref="FakeMultiplexClientStreamConnection"/>. A reset goes to its listeners, then, as the HTTP/2
/// client does, the pool hears <see cref="IClientStreamConnectionCallbacks.OnStreamComplete"/> (the stream left the connection).
/// </summary>
public sealed class FakeMultiplexStream(ulong id, FakeMultiplexClientStreamConnection owner, IStreamReceiver receiver) : IStreamSender, IStream
{
    private readonly List<IStreamEventListener> _listeners = [];

    public FakeMultiplexClientStreamConnection Owner => owner;
    public IStreamReceiver Receiver => receiver;
    public IStream Stream => this;
    public ulong Id => id;
    public StreamResetReason? ResetReason { get; private set; }

    public void SendHeaders(IHeaderMap headers, bool endStream) { }
    public void SendData(in ReadOnlySequence<byte> data, bool endStream) { }
    public void SendTrailers(IHeaderMap trailers) { }

    public void AddEventListener(IStreamEventListener listener)
    {
        lock (_listeners)
        {
            _listeners.Add(listener);
        }
    }

    public void RemoveEventListener(IStreamEventListener listener)
    {
        lock (_listeners)
        {
            _listeners.Remove(listener);
        }
    }

    public void ResetStream(StreamResetReason reason)
    {
        if (!owner.Remove(this))
        {
            return;
        }

        ResetReason = reason;
        IStreamEventListener[] listeners;
        lock (_listeners)
        {
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners)
        {
            listener.OnResetStream(reason);
        }

        owner.NotifyStreamLeft();
    }

    public void ReadDisable(bool disable) { }
}
