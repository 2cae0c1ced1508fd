using Mosn.Abstractions.Network;
using Mosn.Abstractions.Streams;

namespace Mosn.Upstream.Tests.Fakes;

/// <summary>A client stream connection the test drives: it ends streams and says GOAWAY when told.</summary>
public sealed class FakeClientStreamConnection(IConnection connection, IClientStreamConnectionCallbacks callbacks, string protocol) : IClientStreamConnection
{
    public IConnection Connection => connection;
    public string Protocol => protocol;
    public int ActiveStreamCount { get; private set; }
    public bool CanStartStream { get; set; } = true;
    public int StreamsStarted { get; private set; }
    public long BytesDispatched { get; private set; }
    public List<IStreamReceiver> Receivers { get; } = [];

    public IStreamSender NewStream(IStreamReceiver responseReceiver)
    {
        if (ActiveStreamCount != 0)
        {
            throw new InvalidOperationException("Two streams at once on a ping-pong connection.");
        }

        ActiveStreamCount++;
        StreamsStarted++;
        Receivers.Add(responseReceiver);
        return new FakeStreamSender((ulong)StreamsStarted, this);
    }

    public void Dispatch(ReadBuffer buffer)
    {
        BytesDispatched += buffer.Length;
        buffer.ConsumeAll();
    }

    public void GoAway() => CanStartStream = false;

    /// <summary>The response ended cleanly.</summary>
    public void CompleteStream()
    {
        ActiveStreamCount--;
        callbacks.OnStreamComplete();
    }

    /// <summary>The peer said it closes after this response (HTTP/1 <c>Connection: close</c>).</summary>
    public void ReceiveGoAway()
    {
        CanStartStream = false;
        callbacks.OnGoAway();
    }
}
