using System.Net;
using System.Net.Sockets;
using System.Text;
using Mosn.Filters.TcpProxy;
using Mosn.Filters.Tests.Fakes;
using Mosn.Network;
using Mosn.Testing;

namespace Mosn.Filters.Tests.TcpProxy;

/// <summary>tcp_proxy between real loopback sockets: client → SocketListener → tcp_proxy → backend.</summary>
public sealed partial class TcpProxySessionTests
{
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(60);

    private sealed class Rig : IAsyncDisposable
    {
        private Rig(TestFilterFactoryContext context, SocketListener listener, TcpProxyFilterChainFactory chain)
        {
            Context = context;
            Listener = listener;
            Chain = chain;
        }

        public TestFilterFactoryContext Context { get; }

        public SocketListener Listener { get; }

        public TcpProxyFilterChainFactory Chain { get; }

        public static async Task<Rig> StartAsync(string json, params string[] hosts)
        {
            var context = new TestFilterFactoryContext();
            context.AddCluster("backend", hosts);
            var chain = Build(context, json);
            var listener = new SocketListener(
                new SocketListenerOptions { Name = "tcp", EndPoint = new IPEndPoint(IPAddress.Loopback, 0), FilterChain = [chain] },
                TestLogging.Factory);
            await listener.StartAsync(CancellationToken.None);
            return new Rig(context, listener, chain);
        }

        public async Task<Socket> ConnectAsync()
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await client.ConnectAsync(Listener.BoundAddress!);
            return client;
        }

        public async ValueTask DisposeAsync()
        {
            await Listener.DisposeAsync();
            foreach (var connection in Listener.ActiveConnections)
            {
                connection.Close(Abstractions.Network.ConnectionCloseType.NoFlush);
            }

            await Context.DisposeAsync();
        }
    }

    private static async Task<string> ReadExactlyAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read));
            Assert.NotEqual(0, n);
            read += n;
        }

        return Encoding.ASCII.GetString(buffer);
    }

    /// <summary>True when the peer closed (FIN or reset) before sending anything more.</summary>
    private static async Task<bool> SeesCloseAsync(Socket socket)
    {
        try
        {
            return await socket.ReceiveAsync(new byte[1]) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    [Fact]
    public async Task Loopback_EchoBackend_BytesFlowBothWays()
    {
        using var backend = new TestBackend();
        backend.StartEcho();
        await using var rig = await Rig.StartAsync("""{"cluster": "backend"}""", backend.Address);
        using var client = await rig.ConnectAsync();

        await client.SendAsync(Encoding.ASCII.GetBytes("hello"));
        Assert.Equal("hello", await ReadExactlyAsync(client, 5).WaitAsync(s_hangGuard));
        await client.SendAsync(Encoding.ASCII.GetBytes("again"));
        Assert.Equal("again", await ReadExactlyAsync(client, 5).WaitAsync(s_hangGuard));
    }

    [Fact]
    public async Task Loopback_32MiB_ArriveIntactInBothDirections()
    {
        const int total = 32 * 1024 * 1024;
        using var backend = new TestBackend();
        backend.StartEcho();
        await using var rig = await Rig.StartAsync("""{"cluster": "backend"}""", backend.Address);
        using var client = await rig.ConnectAsync();

        static byte Pattern(long i) => (byte)((i * 31) ^ (i >> 11));

        var send = Task.Run(async () =>
        {
            var chunk = new byte[61 * 1024]; // not a power of two: chunk edges move around the buffers
            for (long sent = 0; sent < total;)
            {
                var n = (int)Math.Min(chunk.Length, total - sent);
                for (var j = 0; j < n; j++)
                {
                    chunk[j] = Pattern(sent + j);
                }

                await client.SendAsync(chunk.AsMemory(0, n));
                sent += n;
            }
        });
        var receive = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            long received = 0;
            long mismatches = 0;
            while (received < total)
            {
                var n = await client.ReceiveAsync(buffer);
                Assert.NotEqual(0, n);
                for (var j = 0; j < n; j++)
                {
                    if (buffer[j] != Pattern(received + j))
                    {
                        mismatches++;
                    }
                }

                received += n;
            }

            return (received, mismatches);
        });

        await send.WaitAsync(s_hangGuard);
        var (receivedTotal, badBytes) = await receive.WaitAsync(s_hangGuard);
        Assert.Equal(total, receivedTotal);
        Assert.Equal(0, badBytes);
        Assert.Equal(total, rig.Chain.Stats.BytesReceived);
        Assert.Equal(total, rig.Chain.Stats.BytesSent);
    }

    [Fact]
    public async Task Loopback_UpstreamRefused_DownstreamClosed()
    {
        using var refusing = TestBackend.ReserveRefusingPort(out var refusingAddress);
        await using var rig = await Rig.StartAsync("""{"cluster": "backend"}""", refusingAddress);

        Socket? client = null;
        try
        {
            client = await rig.ConnectAsync();
        }
        catch (SocketException)
        {
            // The proxy's reset can overtake the client's own connect completion: that is the close too.
        }

        using (client)
        {
            Assert.True(client is null || await SeesCloseAsync(client).WaitAsync(s_hangGuard));
        }

        Assert.Equal(1, rig.Chain.Stats.UpstreamConnectFailures);
        Assert.Equal(1, rig.Chain.Stats.ConnectionsFailed);
    }

    [Fact]
    public async Task Loopback_FirstHostRefuses_SecondAttemptReachesBackend()
    {
        using var backend = new TestBackend();
        backend.StartEcho();
        using var refusing = TestBackend.ReserveRefusingPort(out var refusingAddress);
        await using var rig = await Rig.StartAsync(
            """{"cluster": "backend", "max_connect_attempts": 2}""", refusingAddress, backend.Address);

        // Round robin starts anywhere: over a few connections the refusing host is picked first at least once.
        for (var i = 0; i < 4; i++)
        {
            using var client = await rig.ConnectAsync();
            await client.SendAsync(Encoding.ASCII.GetBytes("x"));
            Assert.Equal("x", await ReadExactlyAsync(client, 1).WaitAsync(s_hangGuard));
        }

        Assert.Equal(0, rig.Chain.Stats.ConnectionsFailed);
        Assert.True(rig.Chain.Stats.UpstreamConnectFailures >= 1);
    }

    [Fact]
    public async Task Loopback_BackendCloses_ClientReceivesQueuedBytesThenClose()
    {
        using var backend = new TestBackend();
        await using var rig = await Rig.StartAsync("""{"cluster": "backend"}""", backend.Address);
        using var client = await rig.ConnectAsync();
        using var server = await backend.AcceptAsync().WaitAsync(s_hangGuard);

        await server.SendAsync(Encoding.ASCII.GetBytes("bye"));
        server.Shutdown(SocketShutdown.Both);
        server.Close();

        Assert.Equal("bye", await ReadExactlyAsync(client, 3).WaitAsync(s_hangGuard));
        Assert.True(await SeesCloseAsync(client).WaitAsync(s_hangGuard));
    }

    [Fact]
    public async Task Loopback_ClientCloses_BackendReceivesBytesThenClose()
    {
        using var backend = new TestBackend();
        await using var rig = await Rig.StartAsync("""{"cluster": "backend"}""", backend.Address);
        var client = await rig.ConnectAsync();
        using var server = await backend.AcceptAsync().WaitAsync(s_hangGuard);

        await client.SendAsync(Encoding.ASCII.GetBytes("last words"));
        client.Shutdown(SocketShutdown.Both);
        client.Dispose();

        var received = await TestBackend.ReadToEndAsync(server).WaitAsync(s_hangGuard);
        Assert.Equal("last words", Encoding.ASCII.GetString(received));
    }

    [Fact]
    public async Task Loopback_IdleTimeout_ClosesBothSides()
    {
        using var backend = new TestBackend();
        await using var rig = await Rig.StartAsync("""{"cluster": "backend", "idle_timeout": "300ms"}""", backend.Address);
        using var client = await rig.ConnectAsync();
        using var server = await backend.AcceptAsync().WaitAsync(s_hangGuard);

        Assert.True(await SeesCloseAsync(client).WaitAsync(s_hangGuard));
        Assert.Empty(await TestBackend.ReadToEndAsync(server).WaitAsync(s_hangGuard));
    }
}
