using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Proxy;

public sealed class TcpProxyTests
{
    private static string Config(string backend) => $$"""
        {
          "servers": [{
            "listeners": [{
              "name": "tcp", "address": "127.0.0.1:0", "bind_port": true,
              "filter_chains": [{ "filters": [{ "type": "tcp_proxy", "config": { "cluster": "echo" } }] }]
            }]
          }],
          "cluster_manager": { "clusters": [ {{Configs.Cluster("echo", "LB_RANDOM", backend)}} ] }
        }
        """;

    [Fact]
    public async Task TcpProxy_32MiB_EchoedIntact()
    {
        var (echo, loop) = await EchoServer.StartAsync();
        try
        {
            await using var proxy = await ProxyInstance.StartAsync(Config($"127.0.0.1:{((IPEndPoint)echo.LocalEndpoint).Port}"));
            using var client = new TcpClient();
            await client.ConnectAsync(proxy.Address("tcp"));
            var stream = client.GetStream();
            var payload = RandomNumberGenerator.GetBytes(32 * 1024 * 1024);
            var send = Task.Run(async () => await stream.WriteAsync(payload));
            var received = new byte[payload.Length];
            await stream.ReadExactlyAsync(received).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
            await send;
            Assert.Equal(SHA256.HashData(payload), SHA256.HashData(received));
        }
        finally
        {
            echo.Stop();
            await loop;
        }
    }

    [Fact]
    public async Task TcpProxy_BackendRefuses_ClientConnectionClosed()
    {
        await using var proxy = await ProxyInstance.StartAsync(Config(Configs.RefusedAddress()));
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.Address("tcp"));
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync("hello"u8.ToArray());
        }
        catch (IOException)
        {
            // The proxy may close (with a reset) before our bytes leave: closed either way.
        }

        var n = await ReadOrResetAsync(stream).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, n);
    }

    private static async Task<int> ReadOrResetAsync(NetworkStream stream)
    {
        try
        {
            return await stream.ReadAsync(new byte[16]);
        }
        catch (IOException)
        {
            return 0; // reset counts as closed
        }
    }
}
