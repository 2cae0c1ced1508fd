using System.Net;
using System.Net.Sockets;
using Mosn.Configuration;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Upstream;

/// <summary>
/// Pool warm-up at start and after a reload: a cluster with <c>min_connections</c> is connected before the first request
/// (the server creates the pools of every host for the upstream protocol of the listeners that route to it).
/// </summary>
public sealed class PoolWarmUpTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Start_ClusterWithMinConnections_BackendConnectedBeforeAnyRequest()
    {
        var (backend, connections, accepted) = StartCountingBackend();
        try
        {
            var cluster = $$"""[{ "name": "c", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "connect_timeout": "2s", "min_connections": 2, "hosts": [{ "address": "{{Address(backend)}}" }] }]""";

            await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), cluster));

            await WaitForConnectionsAsync(connections, 2);
            Assert.Equal(2, connections.Count);
            await WaitUntilAsync(() => proxy.Server.ClusterManager.PoolTotals("c").Idle == 2, "2 idle preconnected connections in the pool");
        }
        finally
        {
            Stop(backend, accepted);
        }
    }

    [Fact]
    public async Task Start_UpstreamAutoWithFixedDownstream_WarmedForTheDownstreamProtocol()
    {
        var (backend, connections, accepted) = StartCountingBackend();
        try
        {
            var cluster = $$"""[{ "name": "c", "type": "SIMPLE", "connect_timeout": "2s", "min_connections": 1, "hosts": [{ "address": "{{Address(backend)}}" }] }]""";

            await using var proxy = await ProxyInstance.StartAsync(Configs.Proxy("Http1", "Auto", Configs.CatchAll("c"), cluster));

            await WaitForConnectionsAsync(connections, 1);
            await WaitUntilAsync(() => proxy.Server.ClusterManager.PoolTotals("c").Idle == 1, "1 idle preconnected connection in the pool");
        }
        finally
        {
            Stop(backend, accepted);
        }
    }

    [Fact]
    public async Task Reload_ClusterAddedWithMinConnections_BackendConnectedBeforeAnyRequest()
    {
        var (first, firstConnections, firstAccepted) = StartCountingBackend();
        var (second, secondConnections, secondAccepted) = StartCountingBackend();
        try
        {
            var before = $$"""[{ "name": "a", "type": "SIMPLE", "connect_timeout": "2s", "hosts": [{ "address": "{{Address(first)}}" }] }]""";
            await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("a"), before));
            var after = $$"""
                [{ "name": "a", "type": "SIMPLE", "connect_timeout": "2s", "hosts": [{ "address": "{{Address(first)}}" }] },
                 { "name": "b", "type": "SIMPLE", "connect_timeout": "2s", "min_connections": 2, "hosts": [{ "address": "{{Address(second)}}" }] }]
                """;
            var json = Configs.Http1Proxy(Configs.CatchAll("b"), after);
            var loaded = MosnConfigLoader.Load(json, "reloaded test config");
            Assert.NotNull(loaded.Config);

            var result = await proxy.Server.ReloadAsync(loaded.Config, json);

            Assert.True(result.Applied, string.Join("; ", result.Diagnostics.Errors));
            await WaitForConnectionsAsync(secondConnections, 2);
            Assert.Equal(2, secondConnections.Count);
            Assert.Equal(0, firstConnections.Count); // "a" has no min_connections and got no request
        }
        finally
        {
            Stop(first, firstAccepted);
            Stop(second, secondAccepted);
        }
    }

    /// <summary>A TCP listener on 127.0.0.1:0 that accepts, counts and holds connections (it never answers).</summary>
    private static (TcpListener Listener, ConnectionCounter Connections, List<Socket> Accepted) StartCountingBackend()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var connections = new ConnectionCounter();
        var accepted = new List<Socket>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                Socket socket;
                try
                {
                    socket = await listener.AcceptSocketAsync();
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    return;
                }

                lock (accepted)
                {
                    accepted.Add(socket);
                }

                connections.Increment();
            }
        });
        return (listener, connections, accepted);
    }

    private static string Address(TcpListener listener) => $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    private static async Task WaitForConnectionsAsync(ConnectionCounter connections, int count)
    {
        await WaitUntilAsync(() => connections.Count >= count, $"{count} preconnected connections");
        Assert.True(connections.Count >= count, $"expected {count} preconnected connections, the backend saw {connections.Count}");
    }

    /// <summary>Polls <paramref name="condition"/> for up to <see cref="Patience"/> (a bound, not a timing assertion).</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(condition(), $"expected {what}");
    }

    private static void Stop(TcpListener listener, List<Socket> accepted)
    {
        listener.Stop();
        lock (accepted)
        {
            foreach (var socket in accepted)
            {
                socket.Dispose();
            }
        }
    }
}
