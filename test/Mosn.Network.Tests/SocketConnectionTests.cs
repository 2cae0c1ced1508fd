using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mosn.Abstractions.Network;
using Mosn.Network;
using Mosn.Testing;

namespace Mosn.Network.Tests;

/// <summary>
/// The transport's behaviour, run on both socket engines: the process's epoll loops
/// (<see cref="SocketConnectionOnEventLoopTests"/>) and .NET's socket engine (<see cref="SocketConnectionOnDotNetEngineTests"/>).
/// </summary>
public abstract class SocketConnectionTests
{
    /// <summary>True: connections run on the epoll loops; false: on .NET's socket engine.</summary>
    protected abstract bool UseEventLoop { get; }

    /// <summary>Consumes nothing until told to, then everything; records what it saw.</summary>
    private sealed class GatedFilter : IReadFilter
    {
        public IReadFilterCallbacks Callbacks = null!;
        public volatile bool Consume = true;
        public long Seen;
        public long MostPresented;
        public readonly TaskCompletionSource<IConnection> Started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void InitializeReadFilterCallbacks(IReadFilterCallbacks callbacks) => Callbacks = callbacks;

        public FilterStatus OnNewConnection()
        {
            Started.TrySetResult(Callbacks.Connection);
            return FilterStatus.Continue;
        }

        public FilterStatus OnData(ReadBuffer buffer)
        {
            if (buffer.Length > Interlocked.Read(ref MostPresented))
            {
                Interlocked.Exchange(ref MostPresented, buffer.Length);
            }

            if (Consume)
            {
                Interlocked.Add(ref Seen, buffer.Length);
                buffer.ConsumeAll();
            }

            return FilterStatus.Continue;
        }
    }

    private sealed class TagWriteFilter(string tag, List<string> order) : IWriteFilter
    {
        public FilterStatus OnWrite(ReadOnlySequence<byte> data)
        {
            lock (order)
            {
                order.Add(tag);
            }

            return Encoding.ASCII.GetString(data.ToArray()).Contains("drop", StringComparison.Ordinal) ? FilterStatus.StopIteration : FilterStatus.Continue;
        }
    }

    private sealed class ListenerFilter(FilterStatus status) : IListenerFilter
    {
        public int Calls;

        public ValueTask<FilterStatus> OnAcceptAsync(IListenerFilterCallbacks callbacks)
        {
            Interlocked.Increment(ref Calls);
            Assert.NotNull(callbacks.RemoteAddress);
            return ValueTask.FromResult(status);
        }
    }

    private async Task<SocketListener> StartAsync(Action<IConnection> setup, IReadOnlyList<IListenerFilter>? listenerFilters = null, long bufferLimit = 32 * 1024)
    {
        var listener = new SocketListener(
            new SocketListenerOptions
            {
                Name = "t",
                EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                BufferLimit = bufferLimit,
                IdleTimeout = TimeSpan.Zero,
                UseEventLoop = UseEventLoop,
                ListenerFilters = listenerFilters ?? [],
                FilterChain = [new DelegateFilterChainFactory(setup)],
            },
            TestLogging.Factory);
        await listener.StartAsync(CancellationToken.None);
        return listener;
    }

    [Fact]
    public async Task ListenerFilter_StopIteration_RejectsConnection()
    {
        var filter = new ListenerFilter(FilterStatus.StopIteration);
        var installed = 0;
        await using var listener = await StartAsync(_ => Interlocked.Increment(ref installed), [filter]);
        using var client = new TcpClient();
        int n;
        try
        {
            await client.ConnectAsync((IPEndPoint)listener.BoundAddress!);
            n = await ReadOrZeroAsync(client.GetStream());
        }
        catch (SocketException)
        {
            n = 0; // rejected before our connect call returned: the reset reached it first
        }

        Assert.Equal(0, n);
        for (var i = 0; i < 500 && listener.RejectedCount == 0; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, filter.Calls);
        Assert.Equal(0, installed);
        Assert.Equal(1, listener.RejectedCount);
    }

    [Fact]
    public async Task ListenerFilter_Continue_ConnectionGetsItsFilterChain()
    {
        var first = new ListenerFilter(FilterStatus.Continue);
        var second = new ListenerFilter(FilterStatus.Continue);
        var gate = new GatedFilter();
        await using var listener = await StartAsync(c => c.AddReadFilter(gate), [first, second]);
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.BoundAddress!);
        await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, first.Calls);
        Assert.Equal(1, second.Calls);
    }

    [Fact]
    public async Task WriteFilters_RunLastAddedFirst_AndStopIterationDropsBytes()
    {
        var order = new List<string>();
        var gate = new GatedFilter();
        await using var listener = await StartAsync(c =>
        {
            c.AddWriteFilter(new TagWriteFilter("a", order));
            c.AddWriteFilter(new TagWriteFilter("b", order));
            c.AddReadFilter(gate);
        });
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.BoundAddress!);
        var connection = await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        connection.Write("drop me"u8);
        connection.Write("keep"u8);
        var buffer = new byte[4];
        await client.GetStream().ReadExactlyAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("keep", Encoding.ASCII.GetString(buffer));
        Assert.Equal(["b", "b", "a"], order); // "drop me" stopped at b; "keep" went through b then a
    }

    [Fact]
    public async Task ReadDisable_WhilePaused_PeerIsThrottledAndBytesArriveAfterResume()
    {
        var gate = new GatedFilter();
        await using var listener = await StartAsync(c => c.AddReadFilter(gate), bufferLimit: 64 * 1024);
        using var client = new TcpClient();
        client.SendBufferSize = 64 * 1024;
        await client.ConnectAsync((IPEndPoint)listener.BoundAddress!);
        var connection = await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        connection.ReadDisable(true);
        var payload = new byte[64 * 1024 * 1024];
        var stream = client.GetStream();
        var send = stream.WriteAsync(payload).AsTask();
        await Task.Delay(500);
        // Nothing was delivered while paused, and the sender is stuck: the kernel buffers and our 64 KiB pipe are full.
        Assert.Equal(0, Interlocked.Read(ref gate.Seen));
        Assert.False(send.IsCompleted);
        Assert.True(connection.BytesRead < 32 * 1024 * 1024, $"read {connection.BytesRead} bytes while paused");
        connection.ReadDisable(false);
        await send.WaitAsync(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 500 && Interlocked.Read(ref gate.Seen) < payload.Length; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(payload.Length, Interlocked.Read(ref gate.Seen));
    }

    [Fact]
    public async Task ReadDisable_Counted_NeedsAsManyEnables()
    {
        var gate = new GatedFilter();
        await using var listener = await StartAsync(c => c.AddReadFilter(gate));
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.BoundAddress!);
        var connection = await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        connection.ReadDisable(true);
        connection.ReadDisable(true);
        await client.GetStream().WriteAsync("abc"u8.ToArray());
        connection.ReadDisable(false);
        await Task.Delay(200);
        Assert.False(connection.ReadEnabled);
        Assert.Equal(0, Interlocked.Read(ref gate.Seen));
        connection.ReadDisable(false);
        for (var i = 0; i < 500 && Interlocked.Read(ref gate.Seen) < 3; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(3, Interlocked.Read(ref gate.Seen));
    }

    [Fact]
    public async Task UnconsumedBytes_PresentedAgainWithNewOnes()
    {
        var gate = new GatedFilter { Consume = false };
        await using var listener = await StartAsync(c => c.AddReadFilter(gate));
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.BoundAddress!);
        await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await client.GetStream().WriteAsync("12345"u8.ToArray());
        await Task.Delay(200);
        gate.Consume = true;
        await client.GetStream().WriteAsync("678"u8.ToArray());
        for (var i = 0; i < 500 && Interlocked.Read(ref gate.Seen) < 8; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(8, Interlocked.Read(ref gate.Seen));
    }

    /// <summary>A listener with a 16 KiB buffer limit, and a client with a 16 KiB receive buffer connected to it.</summary>
    private async Task<(SocketListener Listener, TcpClient Client, IConnection Connection)> ConnectWithSmallBuffersAsync(params IConnectionEventListener[] listeners)
    {
        var gate = new GatedFilter();
        var listener = await StartAsync(c =>
        {
            c.AddReadFilter(gate);
            foreach (var l in listeners)
            {
                c.AddConnectionEventListener(l);
            }
        }, bufferLimit: 16 * 1024);
        var client = new TcpClient { ReceiveBufferSize = 16 * 1024 };
        await client.ConnectAsync((IPEndPoint)listener.BoundAddress!);
        return (listener, client, await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Watermarks_SlowReader_HighThenLowEvents()
    {
        var events = new RecordingEventListener();
        var (listener, client, connection) = await ConnectWithSmallBuffersAsync(events);
        await using var l = listener;
        using var c = client;
        var chunk = new byte[64 * 1024];
        long written = 0;
        for (var i = 0; i < 200 && Volatile.Read(ref events.AboveCount) == 0; i++)
        {
            connection.Write(chunk);
            written += chunk.Length;
            await Task.Yield();
        }

        Assert.True(Volatile.Read(ref events.AboveCount) > 0, "no high-watermark event while the peer did not read");
        var stream = client.GetStream();
        var buffer = new byte[1024 * 1024];
        long read = 0;
        while (read < written)
        {
            var n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(n > 0, "connection closed early");
            read += n;
        }

        for (var i = 0; i < 500 && Volatile.Read(ref events.BelowCount) == 0; i++)
        {
            await Task.Delay(10);
        }

        Assert.True(Volatile.Read(ref events.BelowCount) > 0, $"no low-watermark event after the peer drained {read} bytes");
    }

    [Fact]
    public async Task Close_NoFlushVsFlushWrite_PeerSeesResetOrData()
    {
        var gate = new GatedFilter();
        await using var listener = await StartAsync(c => c.AddReadFilter(gate));
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.BoundAddress!);
        var connection = await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        connection.Write("last words"u8);
        connection.Close(ConnectionCloseType.FlushWrite);
        var buffer = new byte[10];
        await client.GetStream().ReadExactlyAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("last words", Encoding.ASCII.GetString(buffer));
        Assert.Equal(0, await ReadOrZeroAsync(client.GetStream()));
        await connection.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ConnectionState.Closed, connection.State);
        connection.Write("ignored after close"u8); // must not throw
    }

    /// <summary>Answers the first bytes it sees and closes the connection with <paramref name="closeType"/>.</summary>
    private sealed class AnswerAndCloseFilter(ConnectionCloseType closeType) : IReadFilter
    {
        private IReadFilterCallbacks _callbacks = null!;
        public long Seen;
        public readonly TaskCompletionSource<IConnection> Closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void InitializeReadFilterCallbacks(IReadFilterCallbacks callbacks) => _callbacks = callbacks;

        public FilterStatus OnNewConnection() => FilterStatus.Continue;

        public FilterStatus OnData(ReadBuffer buffer)
        {
            Interlocked.Add(ref Seen, buffer.Length);
            buffer.ConsumeAll();
            var connection = _callbacks.Connection;
            if (connection.State != ConnectionState.Closed)
            {
                connection.Write("answer"u8);
                connection.Close(closeType);
                Closed.TrySetResult(connection);
            }

            return FilterStatus.StopIteration;
        }
    }

    [Fact]
    public async Task Close_FlushWriteAndDelay_PeerStillSending_AnswerReadAndUploadCompletesWithoutReset()
    {
        var filter = new AnswerAndCloseFilter(ConnectionCloseType.FlushWriteAndDelay);
        await using var listener = await StartAsync(c => c.AddReadFilter(filter));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.BoundAddress!);

        // The client keeps sending 8 MiB after the server answered and closed: the server must drain it, not reset.
        var chunk = new byte[64 * 1024];
        var upload = Task.Run(async () =>
        {
            for (var i = 0; i < 128; i++)
            {
                await client.SendAsync(chunk, SocketFlags.None);
            }
        });
        var answer = new byte[6];
        var got = 0;
        while (got < answer.Length)
        {
            var n = await client.ReceiveAsync(answer.AsMemory(got), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.NotEqual(0, n);
            got += n;
        }

        Assert.Equal("answer", Encoding.ASCII.GetString(answer));
        await upload.WaitAsync(TimeSpan.FromSeconds(30));
        var connection = await filter.Closed.Task;
        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.False(connection.Completion.IsCompleted); // still lingering: the client has not finished

        client.Shutdown(SocketShutdown.Send);
        var eof = await client.ReceiveAsync(new byte[16], SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, eof); // an orderly FIN, not a reset
        await connection.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        // No read filter saw the discarded bytes.
        Assert.True(Interlocked.Read(ref filter.Seen) < 8L * 1024 * 1024);
    }

    /// <summary>Connects <paramref name="client"/>, sends "hello" and returns the connection once <paramref name="filter"/> has answered and closed it.</summary>
    private static async Task<IConnection> SendHelloUntilClosedAsync(TcpClient client, SocketListener listener, AnswerAndCloseFilter filter)
    {
        await client.ConnectAsync((IPEndPoint)listener.BoundAddress!);
        await client.GetStream().WriteAsync("hello"u8.ToArray());
        return await filter.Closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task<string> ReadAnswerAsync(TcpClient client)
    {
        var answer = new byte[6];
        await client.GetStream().ReadExactlyAsync(answer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return Encoding.ASCII.GetString(answer);
    }

    [Fact]
    public async Task Close_FlushWriteAndDelay_PeerGoesSilent_LingeringEndsAfterTheIdleTimeout()
    {
        var filter = new AnswerAndCloseFilter(ConnectionCloseType.FlushWriteAndDelay);
        await using var listener = await StartAsync(c => c.AddReadFilter(filter));
        using var client = new TcpClient();
        var connection = await SendHelloUntilClosedAsync(client, listener, filter);

        // The client neither sends nor closes: the lingering ends once it has been silent for LingerIdleTimeout (2 s),
        // long before LingerTime (30 s).
        await connection.Completion.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("answer", await ReadAnswerAsync(client));
        Assert.Equal(0, await ReadOrZeroAsync(client.GetStream()));
    }

    [Fact]
    public async Task Close_WhileLingering_EndsLingeringAtOnce()
    {
        var filter = new AnswerAndCloseFilter(ConnectionCloseType.FlushWriteAndDelay);
        await using var listener = await StartAsync(c => c.AddReadFilter(filter));
        using var client = new TcpClient();
        var connection = await SendHelloUntilClosedAsync(client, listener, filter);
        Assert.Equal("answer", await ReadAnswerAsync(client));

        // The client keeps sending (so the lingering would go on for its full 30 s); a second close (e.g. the server
        // stopping) ends it at once.
        using var stopSending = new CancellationTokenSource();
        var trickle = Task.Run(async () =>
        {
            try
            {
                while (!stopSending.IsCancellationRequested)
                {
                    await client.GetStream().WriteAsync("more"u8.ToArray());
                    await Task.Delay(100);
                }
            }
            catch (IOException)
            {
                // The server closed.
            }
        });
        await Task.Delay(300);
        Assert.False(connection.Completion.IsCompleted);
        connection.Close(ConnectionCloseType.FlushWrite);
        await connection.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await ReadOrZeroAsync(client.GetStream()));
        stopSending.Cancel();
        await trickle;
    }

    /// <summary>Takes its time over high-watermark events, as a listener doing real work (disabling reads elsewhere) may.</summary>
    private sealed class SlowOnHighWatermark : IConnectionEventListener
    {
        public void OnEvent(ConnectionEvent connectionEvent)
        {
        }

        public void OnAboveWriteBufferHighWatermark() => Thread.Sleep(5);

        public void OnBelowWriteBufferLowWatermark()
        {
        }
    }

    [Fact]
    public async Task Watermarks_ManyCyclesWhileSendsCompleteOnOtherThreads_EventsAlternateAndEndLow()
    {
        var events = new RecordingEventListener();
        var (listener, client, connection) = await ConnectWithSmallBuffersAsync(new SlowOnHighWatermark(), events); // the slow one widens the window in which a low event could overtake
        await using var l = listener;
        using var c = client;

        // The writer stops at the high watermark and goes on at the low one, as the proxy does, while the reader drains
        // in bursts: many cycles, with sends completing on other threads than the writes. Delivered out of order (a low
        // event overtaking the high one), the events would leave the writer waiting for good.
        const int Chunks = 2000;
        var chunk = new byte[24 * 1024];
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < Chunks; i++)
            {
                for (var waited = 0; events.Watermarks.LastOrDefault(); waited++)
                {
                    Assert.True(waited < 5000, $"writer stuck above the high watermark after {events.Watermarks.Count} events");
                    await Task.Delay(1);
                }

                connection.Write(chunk);
            }
        });
        var stream = client.GetStream();
        var buffer = new byte[64 * 1024];
        long read = 0;
        var bursts = 0;
        while (read < (long)Chunks * chunk.Length)
        {
            var n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.True(n > 0, "connection closed early");
            read += n;
            if (++bursts % 4 == 0)
            {
                await Task.Delay(1);
            }
        }

        await writer.WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 500 && (events.Watermarks.IsEmpty || events.Watermarks.Last()); i++)
        {
            await Task.Delay(10);
        }

        var sequence = events.Watermarks.ToArray();
        Assert.True(sequence.Length >= 2, $"only {sequence.Length} watermark events");
        Assert.True(sequence[0], "the first watermark event must be the high one");
        for (var i = 1; i < sequence.Length; i++)
        {
            Assert.True(sequence[i] != sequence[i - 1], $"two {(sequence[i] ? "high" : "low")} events in a row at {i} of {sequence.Length}");
        }

        Assert.False(sequence[^1], "everything was sent, yet the last event says the buffer is above the limit");
    }

    [Fact]
    public async Task ReadBufferFull_FiltersConsumeNothing_StopsReceivingAtTheLimitAndResumesWhenConsumed()
    {
        var gate = new GatedFilter { Consume = false };
        await using var listener = await StartAsync(c => c.AddReadFilter(gate), bufferLimit: 16 * 1024);
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.BoundAddress!);
        var connection = await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        const int Total = 32 * 1024 * 1024;
        var send = client.GetStream().WriteAsync(new byte[Total]).AsTask();
        for (var i = 0; i < 500 && Interlocked.Read(ref gate.MostPresented) < 16 * 1024; i++)
        {
            await Task.Delay(10);
        }

        await Task.Delay(200);
        Assert.Equal(16 * 1024, Interlocked.Read(ref gate.MostPresented)); // never more than the limit buffered
        Assert.False(send.IsCompleted); // the peer is throttled
        Assert.True(connection.BytesRead <= 16 * 1024, $"read {connection.BytesRead} bytes past the limit");

        // Consuming again (presented anew on re-enable) lets everything through.
        gate.Consume = true;
        connection.ReadDisable(true);
        connection.ReadDisable(false);
        await send.WaitAsync(TimeSpan.FromSeconds(20));
        for (var i = 0; i < 1000 && Interlocked.Read(ref gate.Seen) < Total; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(Total, Interlocked.Read(ref gate.Seen));
    }

    [Fact]
    public async Task Close_FlushWriteAndDelay_PeerSeesEndOfStreamWhileStillSending()
    {
        var filter = new AnswerAndCloseFilter(ConnectionCloseType.FlushWriteAndDelay);
        await using var listener = await StartAsync(c => c.AddReadFilter(filter));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.BoundAddress!);
        await client.SendAsync("hello"u8.ToArray(), SocketFlags.None);
        var connection = await filter.Closed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The answer, then at once the end of the stream (our FIN), although the client has not finished sending.
        var received = new List<byte>();
        var buffer = new byte[64];
        while (true)
        {
            var n = await client.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(1.5));
            if (n == 0)
            {
                break;
            }

            received.AddRange(buffer.AsSpan(0, n));
        }

        Assert.Equal("answer", Encoding.ASCII.GetString(received.ToArray()));
        Assert.False(connection.Completion.IsCompleted); // still draining what the client sends

        // The client may still send: the bytes are drained, not answered with a reset.
        for (var i = 0; i < 16; i++)
        {
            await client.SendAsync(new byte[16 * 1024], SocketFlags.None);
        }

        client.Shutdown(SocketShutdown.Send);
        await connection.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(connection.BytesRead >= 5 + 16 * 16 * 1024, $"drained only {connection.BytesRead} bytes");
    }

    [Fact]
    public async Task ConnectionFactory_RefusedAndConnected_ResultsAsValues()
    {
        using var factory = new SocketConnectionFactory(TestLogging.Factory, UseEventLoop);
        var port = FreePort();
        var refused = await factory.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), TimeSpan.FromSeconds(2), 32 * 1024, CancellationToken.None);
        Assert.False(refused.Success);
        Assert.Equal(ConnectionEvent.ConnectFailed, refused.Failure);

        var gate = new GatedFilter();
        await using var listener = await StartAsync(c => c.AddReadFilter(gate));
        var ok = await factory.ConnectAsync(listener.BoundAddress!, TimeSpan.FromSeconds(2), 32 * 1024, CancellationToken.None);
        Assert.True(ok.Success);
        var upstreamSeen = new GatedFilter();
        ok.Connection!.AddReadFilter(upstreamSeen);
        ok.Connection.Start();
        ok.Connection.Write("ping"u8);
        for (var i = 0; i < 500 && Interlocked.Read(ref gate.Seen) < 4; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(4, Interlocked.Read(ref gate.Seen));
        ok.Connection.Close(ConnectionCloseType.FlushWrite);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(300_000)]
    public async Task PeerSendsThenFinishes_EveryBytePresentedThenRemoteClose(int size)
    {
        // On the loop the peer's FIN can be reported with the data's readable edge: no other edge follows it, so the
        // read side must receive until the end of the stream instead of taking a short read for "drained".
        var gate = new GatedFilter();
        var events = new RecordingEventListener();
        await using var listener = await StartAsync(c =>
        {
            c.AddReadFilter(gate);
            c.AddConnectionEventListener(events);
        });
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.BoundAddress!);
        var connection = await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var payload = new byte[size];
        Random.Shared.NextBytes(payload);
        await client.SendAsync(payload);
        client.Shutdown(SocketShutdown.Send);

        Assert.Equal(ConnectionEvent.RemoteClose, await events.Closed.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(size, Interlocked.Read(ref gate.Seen));
        Assert.Equal(size, connection.BytesRead);
    }

    [Fact]
    public async Task ConnectionFactory_LargeWriteToSlowReader_EveryByteArrivesInOrder()
    {
        // More than the socket buffers hold: the rest waits for the socket to become writable (the loop's writable edge,
        // or an asynchronous send), while the peer reads slowly.
        using var peer = new TcpListener(IPAddress.Loopback, 0);
        peer.Start();
        using var factory = new SocketConnectionFactory(TestLogging.Factory, UseEventLoop);
        var result = await factory.ConnectAsync(peer.LocalEndpoint, TimeSpan.FromSeconds(5), 64 * 1024, CancellationToken.None);
        Assert.True(result.Success);
        var connection = result.Connection!;
        connection.AddReadFilter(new GatedFilter());
        connection.Start();
        using var accepted = await peer.AcceptSocketAsync();

        var payload = new byte[8 * 1024 * 1024];
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)(i * 31 / 7);
        }

        for (var offset = 0; offset < payload.Length; offset += 256 * 1024)
        {
            connection.Write(payload.AsSpan(offset, 256 * 1024));
        }

        connection.Close(ConnectionCloseType.FlushWrite);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var n = await accepted.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10));
            if (n == 0)
            {
                break;
            }

            received.Write(buffer, 0, n);
            if (received.Length % (1024 * 1024) < n)
            {
                await Task.Delay(20); // a slow reader: the sender's socket buffer fills up again
            }
        }

        Assert.Equal(payload.Length, received.Length);
        Assert.True(payload.AsSpan().SequenceEqual(received.GetBuffer().AsSpan(0, (int)received.Length)), "the bytes arrived changed or out of order");
        await connection.Completion.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static async Task<int> ReadOrZeroAsync(NetworkStream stream)
    {
        try
        {
            return await stream.ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
