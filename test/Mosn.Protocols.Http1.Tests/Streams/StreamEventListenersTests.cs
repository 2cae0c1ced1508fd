using Mosn.Abstractions.Streams;
using Mosn.Streams;

namespace Mosn.Protocols.Http1.Tests.Streams;

// Mosn.Streams has no test project of its own (adding one means editing Mosn.slnx); its shared type lives here.
public class StreamEventListenersTests
{
    private sealed class Recorder : IStreamEventListener
    {
        public List<StreamResetReason> Resets { get; } = [];

        public int Above { get; private set; }

        public int Below { get; private set; }

        public void OnResetStream(StreamResetReason reason) => Resets.Add(reason);

        public void OnAboveWriteBufferHighWatermark() => Above++;

        public void OnBelowWriteBufferLowWatermark() => Below++;
    }

    [Fact]
    public void NotifyReset_OneAndSeveralListeners_EachGetsItOnce()
    {
        var listeners = new StreamEventListeners();
        var a = new Recorder();
        var b = new Recorder();
        var c = new Recorder();
        listeners.Add(a);
        listeners.Add(b);
        listeners.Add(c);
        listeners.NotifyReset(StreamResetReason.LocalReset);
        listeners.NotifyReset(StreamResetReason.RemoteReset);
        Assert.Equal([StreamResetReason.LocalReset], a.Resets);
        Assert.Equal([StreamResetReason.LocalReset], b.Resets);
        Assert.Equal([StreamResetReason.LocalReset], c.Resets);
        Assert.True(listeners.ResetDelivered);
    }

    [Fact]
    public void Add_AfterReset_GetsTheFirstReasonAtOnce()
    {
        var listeners = new StreamEventListeners();
        Assert.False(listeners.ResetDelivered);
        listeners.NotifyReset(StreamResetReason.ConnectionTermination);
        listeners.NotifyReset(StreamResetReason.Overflow);
        var late = new Recorder();
        listeners.Add(late);
        Assert.Equal([StreamResetReason.ConnectionTermination], late.Resets);
    }

    [Fact]
    public void Remove_FromOneTwoAndThree_StopsOnlyThatListener()
    {
        var listeners = new StreamEventListeners();
        var a = new Recorder();
        var b = new Recorder();
        var c = new Recorder();
        listeners.Add(a);
        listeners.Remove(a);
        listeners.NotifyAboveWriteBufferHighWatermark();
        Assert.Equal(0, a.Above);

        listeners.Add(a);
        listeners.Add(b);
        listeners.Add(c);
        listeners.Remove(b);
        listeners.NotifyAboveWriteBufferHighWatermark();
        listeners.Remove(a);
        listeners.NotifyBelowWriteBufferLowWatermark();
        listeners.Remove(new Recorder());
        listeners.NotifyReset(StreamResetReason.LocalReset);

        Assert.Equal((1, 0), (a.Above, a.Below));
        Assert.Equal((0, 0), (b.Above, b.Below));
        Assert.Equal((1, 1), (c.Above, c.Below));
        Assert.Empty(a.Resets);
        Assert.Empty(b.Resets);
        Assert.Equal([StreamResetReason.LocalReset], c.Resets);
    }

    [Fact]
    public void Remove_InsideTheResetCallback_DoesNotSkipOthers()
    {
        var listeners = new StreamEventListeners();
        var other = new Recorder();
        var self = new SelfRemoving(listeners);
        listeners.Add(self);
        listeners.Add(other);
        listeners.NotifyReset(StreamResetReason.LocalReset);
        Assert.Equal(1, self.Resets);
        Assert.Equal([StreamResetReason.LocalReset], other.Resets);
    }

    [Fact]
    public async Task AddAndNotifyReset_Racing_EveryListenerGetsExactlyOneReset()
    {
        for (var round = 0; round < 200; round++)
        {
            var listeners = new StreamEventListeners();
            var recorders = Enumerable.Range(0, 8).Select(_ => new CountingListener()).ToArray();
            using var start = new Barrier(3);
            var adder1 = Task.Run(() => { start.SignalAndWait(); foreach (var r in recorders[..4]) { listeners.Add(r); } });
            var adder2 = Task.Run(() => { start.SignalAndWait(); foreach (var r in recorders[4..]) { listeners.Add(r); } });
            var resetter = Task.Run(() => { start.SignalAndWait(); listeners.NotifyReset(StreamResetReason.LocalReset); });
            await Task.WhenAll(adder1, adder2, resetter);
            Assert.All(recorders, r => Assert.Equal(1, r.Count));
        }
    }

    private sealed class CountingListener : IStreamEventListener
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void OnResetStream(StreamResetReason reason) => Interlocked.Increment(ref _count);

        public void OnAboveWriteBufferHighWatermark()
        {
        }

        public void OnBelowWriteBufferLowWatermark()
        {
        }
    }

    private sealed class SelfRemoving(StreamEventListeners owner) : IStreamEventListener
    {
        public int Resets { get; private set; }

        public void OnResetStream(StreamResetReason reason)
        {
            Resets++;
            owner.Remove(this);
        }

        public void OnAboveWriteBufferHighWatermark()
        {
        }

        public void OnBelowWriteBufferLowWatermark()
        {
        }
    }
}
