using Mosn.Abstractions.Streams;

namespace Mosn.Protocols.Http2.Tests.TestSupport;

/// <summary>
/// One stream handed to <see cref="IServerStreamConnectionCallbacks.OnNewStream"/>: its sender, what its receiver got, and its events.
/// Reading <see cref="Listener"/> first waits for the connection's queued callbacks, so assertions see every event.
/// </summary>
internal sealed class ServerStreamRecord(IStreamSender sender, RecordingReceiver receiver, RecordingListener listener, Action settle)
{
    public IStreamSender Sender => sender;

    public RecordingReceiver Receiver => receiver;

    public RecordingListener Listener
    {
        get
        {
            settle();
            return listener;
        }
    }

    public IStream Stream => sender.Stream;
}
