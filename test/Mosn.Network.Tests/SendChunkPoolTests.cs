using System.Net;
using System.Net.Sockets;
using Mosn.Abstractions.Network;
using Mosn.Network.Unix;
using Mosn.Testing;

namespace Mosn.Network.Tests;

public sealed class SendChunkPoolTests
{
    /// <summary>Runs a probe once, from the first read that is delivered on an event-loop thread.</summary>
    private sealed class LoopProbeFilter(Func<int> probe) : IReadFilter
    {
        public readonly TaskCompletionSource<int> Result = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void InitializeReadFilterCallbacks(IReadFilterCallbacks callbacks)
        {
        }

        public FilterStatus OnNewConnection() => FilterStatus.Continue;

        public FilterStatus OnData(ReadBuffer buffer)
        {
            buffer.ConsumeAll();
            if (EpollLoop.Current is not null && !Result.Task.IsCompleted)
            {
                Result.TrySetResult(probe());
            }

            return FilterStatus.Continue;
        }
    }

    [Fact]
    public async Task Return_OnAnEventLoopThread_AFullPassOfChunksServesTheNextPass()
    {
        const int count = 100; // more than the shared pool keeps per processor
        var filter = new LoopProbeFilter(() =>
        {
            var first = Enumerable.Range(0, count).Select(_ => SendChunkPool.Rent(100)).ToArray();
            foreach (var chunk in first)
            {
                SendChunkPool.Return(chunk);
            }

            var again = Enumerable.Range(0, count).Select(_ => SendChunkPool.Rent(100)).ToArray();
            var returned = new HashSet<byte[]>(first, ReferenceEqualityComparer.Instance);
            var reused = again.Count(returned.Contains);
            foreach (var chunk in again)
            {
                SendChunkPool.Return(chunk);
            }

            return reused;
        });
        await using var listener = new SocketListener(
            new SocketListenerOptions
            {
                Name = "t",
                EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                IdleTimeout = TimeSpan.Zero,
                UseEventLoop = true,
                FilterChain = [new DelegateFilterChainFactory(c => c.AddReadFilter(filter))],
            },
            TestLogging.Factory);
        await listener.StartAsync(CancellationToken.None);
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.BoundAddress!);

        // A connection's first read may run on the thread pool: send until a read arrives on the loop.
        for (var i = 0; i < 200 && !filter.Result.Task.IsCompleted; i++)
        {
            await client.GetStream().WriteAsync(new byte[] { 1 });
            await Task.Delay(20);
        }

        Assert.Equal(count, await filter.Result.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Rent_SmallOrLarge_AtLeastAChunkAndAtLeastTheSizeAsked()
    {
        var small = SendChunkPool.Rent(1);
        var large = SendChunkPool.Rent(SendBuffer.ChunkSize + 1);

        Assert.Equal(SendBuffer.ChunkSize, small.Length);
        Assert.True(large.Length > SendBuffer.ChunkSize);
        SendChunkPool.Return(small);
        SendChunkPool.Return(large);
    }
}
