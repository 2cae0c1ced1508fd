using System.Net;
using System.Net.Sockets;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Upstream;

/// <summary>
/// Transparent proxying end to end: an <c>ORIGINAL_DST</c> cluster (<c>LB_ORIGINAL_DST</c>) forwarding to the address
/// a request names, real backends, the loop guard, and the original-destination hand-off between listeners (TPROXY
/// mode, where the original destination is the accepted connection's local address: no iptables needed).
/// </summary>
public sealed class OriginalDstTests
{
    private static string HeaderCluster(string extra = "") =>
        $$"""[{ "name": "odst", "type": "ORIGINAL_DST", "lb_type": "LB_ORIGINAL_DST", "connect_timeout": "2s", "original_dst_lb_config": { "use_header": true } {{extra}} }]""";

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, ProxyInstance proxy, string host, string path = "/hello")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(proxy.Url("proxy"), path));
        request.Headers.Host = host;
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Request_HostHeaderNamesBackend_ReachesThatBackend()
    {
        await using var a = await KestrelBackend.StartAsync("a");
        await using var b = await KestrelBackend.StartAsync("b");
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("odst"), HeaderCluster()));
        using var client = Clients.Create();

        foreach (var (backend, name) in new[] { (a, "a"), (b, "b"), (a, "a"), (b, "b") })
        {
            using var response = await GetAsync(client, proxy, backend.Address);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(name, response.Headers.GetValues("x-backend").Single());
            Assert.Equal($"{name} /hello", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal((2, 2), (a.Requests, b.Requests));
    }

    [Fact]
    public async Task Requests_SameDestination_OneUpstreamConnectionReused()
    {
        await using var a = await KestrelBackend.StartAsync("a");
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("odst"), HeaderCluster()));
        using var client = Clients.Create();

        for (var i = 0; i < 10; i++)
        {
            using var response = await GetAsync(client, proxy, a.Address, $"/n/{i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal($"a /n/{i}", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(10, a.Requests);
        Assert.Equal(1, a.Connections);
        var snapshot = proxy.Server.ClusterManager.GetClusterSnapshot("odst")!;
        Assert.Equal(1, snapshot.LoadBalancer.HostCount);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("localhost:8080")]
    [InlineData("256.1.1.1")]
    public async Task Request_HostHeaderNotAnIpLiteral_503WithoutConnecting(string host)
    {
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("odst"), HeaderCluster()));
        using var client = Clients.Create();

        using var response = await GetAsync(client, proxy, host);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(0, proxy.Server.ClusterManager.GetClusterSnapshot("odst")!.LoadBalancer.HostCount);
    }

    [Fact]
    public async Task Request_HostIsTheProxyItself_503LoopGuard()
    {
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("odst"), HeaderCluster()));
        using var client = Clients.Create();

        using var response = await GetAsync(client, proxy, $"127.0.0.1:{proxy.Address("proxy").Port}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Request_NoHeaderAndNotRedirected_TProxyDestinationIsProxyItself_503()
    {
        // TPROXY mode on a connection that was not redirected: the original destination is the listener itself, which
        // the loop guard refuses instead of connecting back to the proxy.
        var json = Configs.Http1Proxy(Configs.CatchAll("odst"), """[{ "name": "odst", "type": "ORIGINAL_DST" }]""")
            .Replace("\"bind_port\": true,", "\"bind_port\": true, \"use_original_dst\": \"tproxy\",", StringComparison.Ordinal);
        await using var proxy = await ProxyInstance.StartAsync(json);
        using var client = Clients.Create();

        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Accept_TProxyOnWildcard_HandedToUnboundListenerOfTheDestination()
    {
        var port = FreePort();
        var json = $$"""
            {
              "servers": [{
                "default_log_level": "WARN",
                "routers": [
                  { "router_config_name": "t", "virtual_hosts": [{ "name": "t", "domains": ["*"], "routers": [{ "match": { "prefix": "/" }, "direct_response": { "status": 200, "body": "served by transparent" } }] }] },
                  { "router_config_name": "u", "virtual_hosts": [{ "name": "u", "domains": ["*"], "routers": [{ "match": { "prefix": "/" }, "direct_response": { "status": 200, "body": "served by virtual" } }] }] }
                ],
                "listeners": [
                  {
                    "name": "transparent", "address": "0.0.0.0:{{port}}", "bind_port": true, "use_original_dst": true,
                    "listener_filters": [{ "type": "original_dst", "config": { "type": "tproxy" } }],
                    "filter_chains": [{ "filters": [{ "type": "proxy", "config": { "downstream_protocol": "Http1", "router_config_name": "t" } }] }]
                  },
                  {
                    "name": "virtual", "address": "127.0.0.1:{{port}}", "bind_port": false,
                    "filter_chains": [{ "filters": [{ "type": "proxy", "config": { "downstream_protocol": "Http1", "router_config_name": "u" } }] }]
                  }
                ]
              }],
              "cluster_manager": { "clusters": [] }
            }
            """;
        await using var proxy = await ProxyInstance.StartAsync(json);
        using var client = Clients.Create();

        // Dialled 127.0.0.1:port: the listener of exactly that address (not bound) serves it.
        using var toVirtual = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/"));
        Assert.Equal("served by virtual", await toVirtual.Content.ReadAsStringAsync());

        // Dialled 127.0.0.2:port (also loopback): no listener has that address, so the accepting one keeps it.
        using var toTransparent = await client.GetAsync(new Uri($"http://127.0.0.2:{port}/"));
        Assert.Equal("served by transparent", await toTransparent.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Reload_UnboundListenerChangedRemovedAdded_HandOffsFollowTheNewConfig()
    {
        var port = FreePort();
        static string Config(int port, string? unbound) => $$"""
            {
              "servers": [{
                "default_log_level": "WARN",
                "routers": [
                  { "router_config_name": "t", "virtual_hosts": [{ "name": "t", "domains": ["*"], "routers": [{ "match": { "prefix": "/" }, "direct_response": { "status": 200, "body": "served by transparent" } }] }] },
                  { "router_config_name": "u", "virtual_hosts": [{ "name": "u", "domains": ["*"], "routers": [{ "match": { "prefix": "/" }, "direct_response": { "status": 200, "body": "served by virtual" } }] }] },
                  { "router_config_name": "u2", "virtual_hosts": [{ "name": "u2", "domains": ["*"], "routers": [{ "match": { "prefix": "/" }, "direct_response": { "status": 200, "body": "served by virtual, second version" } }] }] }
                ],
                "listeners": [
                  {
                    "name": "transparent", "address": "0.0.0.0:{{port}}", "bind_port": true, "use_original_dst": true,
                    "listener_filters": [{ "type": "original_dst", "config": { "type": "tproxy" } }],
                    "filter_chains": [{ "filters": [{ "type": "proxy", "config": { "downstream_protocol": "Http1", "router_config_name": "t" } }] }]
                  }{{unbound}}
                ]
              }],
              "cluster_manager": { "clusters": [] }
            }
            """;
        static string Unbound(int port, string name, string router) => $$"""
            ,
                  {
                    "name": "{{name}}", "address": "127.0.0.1:{{port}}", "bind_port": false,
                    "filter_chains": [{ "filters": [{ "type": "proxy", "config": { "downstream_protocol": "Http1", "router_config_name": "{{router}}" } }] }]
                  }
            """;

        await using var proxy = await ProxyInstance.StartAsync(Config(port, Unbound(port, "virtual", "u")));

        // A new client (new connection) each time: a kept-alive connection stays with the chain that accepted it.
        async Task<string> ViaLoopback()
        {
            using var client = Clients.Create();
            return await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"));
        }

        Assert.Equal("served by virtual", await ViaLoopback());

        // Changed (another route table): hand-offs get the new chain.
        var changed = await Reload(proxy, Config(port, Unbound(port, "virtual", "u2")));
        Assert.True(changed.Applied);
        Assert.Contains(changed.Changes, c => c.Contains("\"virtual\" (not bound) updated", StringComparison.Ordinal));
        Assert.Equal("served by virtual, second version", await ViaLoopback());

        // Removed: nothing matches the destination, the accepting listener keeps the connection.
        var removed = await Reload(proxy, Config(port, unbound: null));
        Assert.True(removed.Applied);
        Assert.Contains(removed.Changes, c => c.Contains("\"virtual\" (not bound) removed", StringComparison.Ordinal));
        Assert.Equal("served by transparent", await ViaLoopback());

        // Added back under another name: served again.
        var added = await Reload(proxy, Config(port, Unbound(port, "virtual-2", "u")));
        Assert.True(added.Applied);
        Assert.Equal("served by virtual", await ViaLoopback());
    }

    private static async Task<Mosn.Hosting.ReloadResult> Reload(ProxyInstance proxy, string json)
    {
        var loaded = Mosn.Configuration.MosnConfigLoader.Load(json, "reloaded test config");
        Assert.NotNull(loaded.Config);
        return await proxy.Server.ReloadAsync(loaded.Config, json);
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Any, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
