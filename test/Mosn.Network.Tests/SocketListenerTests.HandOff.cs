using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mosn.Abstractions.Network;
using Mosn.Network.OriginalDst;
using Mosn.Testing;

namespace Mosn.Network.Tests;

/// <content>Original-destination hand-off between listeners.</content>
public sealed partial class SocketListenerTests
{
    /// <summary>Greets each connection with its listener's name, then echoes; records what the connection looked like.</summary>
    private sealed class GreetingFilter(string name, ConcurrentQueue<IConnection> served) : IReadFilter
    {
        private IReadFilterCallbacks _callbacks = null!;

        public void InitializeReadFilterCallbacks(IReadFilterCallbacks callbacks) => _callbacks = callbacks;

        public FilterStatus OnNewConnection()
        {
            served.Enqueue(_callbacks.Connection);
            _callbacks.Connection.Write(Encoding.ASCII.GetBytes(name + "\n"));
            return FilterStatus.Continue;
        }

        public FilterStatus OnData(ReadBuffer buffer)
        {
            _callbacks.Connection.Write(buffer.Data);
            buffer.ConsumeAll();
            return FilterStatus.Continue;
        }
    }

    private sealed class HandOffSetup : IAsyncDisposable
    {
        public List<SocketListener> Listeners { get; } = [];
        public required ConcurrentQueue<IConnection> ServedByA { get; init; }
        public required ConcurrentQueue<IConnection> ServedByB { get; init; }
        public required SocketListener A { get; init; }
        public required SocketListener B { get; init; }

        public async ValueTask DisposeAsync()
        {
            foreach (var listener in Listeners)
            {
                await listener.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Listener A (bound, with an original_dst filter whose destination comes from <paramref name="destination"/>) and
    /// listener B on <paramref name="bEndPoint"/>, bound when <paramref name="bindB"/>.
    /// </summary>
    private static async Task<HandOffSetup> StartHandOffAsync(Func<SocketListener, EndPoint?> destination, EndPoint bEndPoint, bool bindB = true, bool fallbackToLocal = false)
    {
        var listeners = new List<SocketListener>();
        var servedA = new ConcurrentQueue<IConnection>();
        var servedB = new ConcurrentQueue<IConnection>();
        SocketListener? b = null;
        var a = new SocketListener(
            new SocketListenerOptions
            {
                Name = "A",
                EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                ListenerFilters = [new OriginalDstListenerFilter((_, _) => destination(b!), fallbackToLocal)],
                FilterChain = [new DelegateFilterChainFactory(c => c.AddReadFilter(new GreetingFilter("A", servedA)))],
                HandOffTargets = () => listeners,
            },
            TestLogging.Factory);
        b = new SocketListener(
            new SocketListenerOptions
            {
                Name = "B",
                EndPoint = bEndPoint,
                FilterChain = [new DelegateFilterChainFactory(c => c.AddReadFilter(new GreetingFilter("B", servedB)))],
            },
            TestLogging.Factory);
        listeners.Add(a);
        listeners.Add(b);
        await a.StartAsync(CancellationToken.None);
        if (bindB)
        {
            await b.StartAsync(CancellationToken.None);
        }

        var setup = new HandOffSetup { A = a, B = b, ServedByA = servedA, ServedByB = servedB };
        setup.Listeners.AddRange(listeners);
        return setup;
    }

    private static async Task<(TcpClient Client, StreamReader Reader, string Greeting)> ConnectAsync(SocketListener listener)
    {
        var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.BoundAddress!);
        var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        var greeting = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return (client, reader, greeting!);
    }

    [Fact]
    public async Task Accept_OriginalDestinationIsAnotherListener_ServedByThatListenersChain()
    {
        await using var setup = await StartHandOffAsync(b => b.BoundAddress, new IPEndPoint(IPAddress.Loopback, 0));

        var (client, _, greeting) = await ConnectAsync(setup.A);
        using var _client = client;

        Assert.Equal("B", greeting);
        var connection = Assert.Single(setup.ServedByB);
        Assert.Empty(setup.ServedByA);
        Assert.Equal(setup.B.BoundAddress, connection.OriginalDestination);
        Assert.Equal((1L, 0L, 1L), (setup.A.HandedOffCount, setup.A.AcceptedCount, setup.B.AcceptedCount));
        Assert.Contains(connection, setup.B.ActiveConnections);
        Assert.Empty(setup.A.ActiveConnections);
    }

    [Fact]
    public async Task Accept_OriginalDestinationMatchesNoListener_StaysOnAcceptingListener()
    {
        var elsewhere = new IPEndPoint(IPAddress.Parse("10.255.255.1"), 9);
        await using var setup = await StartHandOffAsync(_ => elsewhere, new IPEndPoint(IPAddress.Loopback, 0));

        var (client, _, greeting) = await ConnectAsync(setup.A);
        using var _client = client;

        Assert.Equal("A", greeting);
        var connection = Assert.Single(setup.ServedByA);
        Assert.Equal(elsewhere, connection.OriginalDestination);
        Assert.Equal((0L, 1L, 0L), (setup.A.HandedOffCount, setup.A.AcceptedCount, setup.B.AcceptedCount));
    }

    [Fact]
    public async Task Accept_NoOriginalDestination_StaysWithoutOne()
    {
        await using var setup = await StartHandOffAsync(_ => null, new IPEndPoint(IPAddress.Loopback, 0));

        var (client, _, greeting) = await ConnectAsync(setup.A);
        using var _client = client;

        Assert.Equal("A", greeting);
        Assert.Null(Assert.Single(setup.ServedByA).OriginalDestination);
    }

    [Fact]
    public async Task Accept_OriginalDestinationIsThisListener_Stays()
    {
        await using var setup = await StartHandOffAsync(_ => null, new IPEndPoint(IPAddress.Loopback, 0));
        // An original_dst filter in TPROXY mode on a connection that was not redirected: the destination is A itself.
        await using var tproxy = new SocketListener(
            new SocketListenerOptions
            {
                Name = "T",
                EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                ListenerFilters = [new OriginalDstListenerFilter(OriginalDstMode.TProxy)],
                FilterChain = [new DelegateFilterChainFactory(c => c.AddReadFilter(new GreetingFilter("T", setup.ServedByA)))],
                HandOffTargets = () => [.. setup.Listeners],
            },
            TestLogging.Factory);
        await tproxy.StartAsync(CancellationToken.None);
        setup.Listeners.Add(tproxy);

        var (client, _, greeting) = await ConnectAsync(tproxy);
        using var _client = client;

        Assert.Equal("T", greeting);
        Assert.Equal(tproxy.BoundAddress, Assert.Single(setup.ServedByA).OriginalDestination);
        Assert.Equal(0L, tproxy.HandedOffCount);
    }

    [Fact]
    public async Task Accept_UnboundWildcardListenerOnDestinationPort_ServesTheConnection()
    {
        // MOSN's bind_port:false listener on 0.0.0.0:port receives every redirected connection for that port.
        await using var setup = await StartHandOffAsync(_ => new IPEndPoint(IPAddress.Parse("10.1.2.3"), 7), new IPEndPoint(IPAddress.Any, 7), bindB: false);

        var (client, reader, greeting) = await ConnectAsync(setup.A);
        using var _client = client;

        Assert.Equal("B", greeting);
        Assert.Null(setup.B.BoundAddress);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 7), Assert.Single(setup.ServedByB).OriginalDestination);
        await client.GetStream().WriteAsync("ping\n"u8.ToArray());
        Assert.Equal("ping", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData(true, "B")]
    [InlineData(false, "A")]
    public async Task Accept_FallbackToLocal_MatchesLoopbackListenerInsteadOfWildcard(bool fallbackToLocal, string expected)
    {
        await using var setup = await StartHandOffAsync(
            _ => new IPEndPoint(IPAddress.Parse("10.1.2.3"), 7), new IPEndPoint(IPAddress.Loopback, 7), bindB: false, fallbackToLocal);

        var (client, _, greeting) = await ConnectAsync(setup.A);
        using var _client = client;

        Assert.Equal(expected, greeting);
    }

    [Fact]
    public async Task DisposeAsync_AcceptingListenerGone_HandedOffConnectionKeepsWorking()
    {
        await using var setup = await StartHandOffAsync(b => b.BoundAddress, new IPEndPoint(IPAddress.Loopback, 0));
        var (client, reader, greeting) = await ConnectAsync(setup.A);
        using var _client = client;
        Assert.Equal("B", greeting);

        await setup.A.DisposeAsync();
        var payload = new string('x', 100_000);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(payload + "\n"));

        Assert.Equal(payload, await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Accept_TargetAtConnectionLimit_RejectedByTarget()
    {
        var listeners = new List<SocketListener>();
        await using var target = new SocketListener(
            new SocketListenerOptions
            {
                Name = "B",
                EndPoint = new IPEndPoint(IPAddress.Any, 7),
                MaxConnections = 1,
                FilterChain = [new DelegateFilterChainFactory(c => c.AddReadFilter(new EchoFilter()))],
            },
            TestLogging.Factory);
        await using var accepting = new SocketListener(
            new SocketListenerOptions
            {
                Name = "A",
                EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                ListenerFilters = [new OriginalDstListenerFilter((_, _) => new IPEndPoint(IPAddress.Parse("10.1.2.3"), 7))],
                HandOffTargets = () => listeners,
            },
            TestLogging.Factory);
        listeners.AddRange([accepting, target]);
        await accepting.StartAsync(CancellationToken.None);

        using var first = new TcpClient();
        await first.ConnectAsync((IPEndPoint)accepting.BoundAddress!);
        await first.GetStream().WriteAsync("1"u8.ToArray());
        var one = new byte[1];
        await first.GetStream().ReadExactlyAsync(one).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        using var second = new TcpClient();

        // The rejected connection is closed at once (EOF or a reset, possibly already while connecting).
        var closed = await Task.Run(async () =>
        {
            await second.ConnectAsync((IPEndPoint)accepting.BoundAddress!);
            return await second.GetStream().ReadAsync(new byte[1]);
        }).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(t => t.IsFaulted ? 0 : t.Result, TaskScheduler.Default);
        Assert.Equal(0, closed);
        Assert.Equal((1L, 1L), (target.AcceptedCount, target.RejectedCount));
        Assert.Equal(2L, accepting.HandedOffCount);
    }
}
