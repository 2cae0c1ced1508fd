using System.Net.Sockets;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Proxy;

/// <summary>
/// <c>downstream_protocol: "Auto"</c> with <c>fallback_for_unknown_protocol</c>: bytes no protocol claims go to the
/// next network filter (<c>tcp_proxy</c>), while HTTP on the same port is still proxied.
/// </summary>
public sealed class ProtocolFallbackTests
{
    private static string Config(string httpBackend, string echoBackend, bool fallback) => $$"""
        {
          "servers": [{
            "routers": [{ "router_config_name": "r", "virtual_hosts": {{Configs.CatchAll("web")}} }],
            "listeners": [{
              "name": "proxy", "address": "127.0.0.1:0", "bind_port": true,
              "filter_chains": [{ "filters": [
                { "type": "proxy", "config": { "downstream_protocol": "Auto", "upstream_protocol": "Http1", "router_config_name": "r", "fallback_for_unknown_protocol": {{(fallback ? "true" : "false")}} } },
                { "type": "tcp_proxy", "config": { "cluster": "echo" } }
              ] }]
            }]
          }],
          "cluster_manager": { "clusters": [ {{Configs.Cluster("web", "LB_RANDOM", httpBackend)}}, {{Configs.Cluster("echo", "LB_RANDOM", echoBackend)}} ] }
        }
        """;

    [Fact]
    public async Task Auto_UnknownBytesWithFallback_GoToTcpProxyAndHttpStillWorks()
    {
        await using var web = await KestrelBackend.StartAsync("web");
        var (echo, loop) = await EchoServer.StartAsync();
        try
        {
            await using var proxy = await ProxyInstance.StartAsync(Config(web.Address, $"127.0.0.1:{((System.Net.IPEndPoint)echo.LocalEndpoint).Port}", fallback: true));

            using var client = new TcpClient();
            await client.ConnectAsync(proxy.Address("proxy"));
            var stream = client.GetStream();
            byte[] payload = [0x00, 0xff, 0x13, .. "binary protocol bytes"u8.ToArray()];
            await stream.WriteAsync(payload);
            var received = new byte[payload.Length];
            await stream.ReadExactlyAsync(received).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(payload, received);

            // The same connection keeps being relayed both ways.
            await stream.WriteAsync("more"u8.ToArray());
            var more = new byte[4];
            await stream.ReadExactlyAsync(more).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("more"u8.ToArray(), more);

            using var http = new HttpClient();
            Assert.Equal("web", (await http.GetAsync(new Uri(proxy.Url("proxy"), "/hello"))).Headers.GetValues("x-backend").Single());
            Assert.Equal(1, web.Requests);
        }
        finally
        {
            echo.Stop();
            await loop;
        }
    }

    [Fact]
    public async Task Auto_UnknownBytesWithoutFallback_ConnectionClosedAndNothingRelayed()
    {
        await using var web = await KestrelBackend.StartAsync("web");
        var (echo, loop) = await EchoServer.StartAsync();
        try
        {
            await using var proxy = await ProxyInstance.StartAsync(Config(web.Address, $"127.0.0.1:{((System.Net.IPEndPoint)echo.LocalEndpoint).Port}", fallback: false));
            using var client = new TcpClient();
            await client.ConnectAsync(proxy.Address("proxy"));
            var stream = client.GetStream();
            await stream.WriteAsync(new byte[] { 0x00, 0xff, 0x13, 0x37 });
            var buffer = new byte[16];
            int read;
            try
            {
                read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (IOException)
            {
                read = 0; // reset by the proxy
            }

            Assert.Equal(0, read);
        }
        finally
        {
            echo.Stop();
            await loop;
        }
    }
}
