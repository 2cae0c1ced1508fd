using System.Net;
using System.Net.Sockets;
using System.Text;
using Mosn.Configuration;
using Mosn.Hosting;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Hosting;

/// <summary>Live reload of a running server (<see cref="MosnServer.ReloadAsync"/>) under steady load through real sockets.</summary>
public sealed class LiveReloadTests
{
    private static async Task<ReloadResult> ReloadAsync(ProxyInstance proxy, string json)
    {
        var loaded = MosnConfigLoader.Load(json, "reloaded test config");
        Assert.NotNull(loaded.Config);
        return await proxy.Server.ReloadAsync(loaded.Config, json);
    }

    private static string TwoClusters(string route, string aAddress, string bAddress) =>
        Configs.Http1Proxy(Configs.CatchAll(route), $"[{Configs.Cluster("ca", "LB_RANDOM", aAddress)}, {Configs.Cluster("cb", "LB_RANDOM", bAddress)}]");

    [Fact]
    public async Task Reload_RoutesAndClustersChangeUnderLoad_NoFailedRequestAndChangesTakeEffect()
    {
        await using var a = await KestrelBackend.StartAsync("a");
        await using var b = await KestrelBackend.StartAsync("b");
        await using var proxy = await ProxyInstance.StartAsync(TwoClusters("ca", a.Address, b.Address));
        var url = new Uri(proxy.Url("proxy"), "/hello");
        await using var load = LoadLoop.Start(() => url, workers: 4);
        await load.WaitForMoreAsync(200);

        // The route moves to another cluster.
        var routed = await ReloadAsync(proxy, TwoClusters("cb", a.Address, b.Address));
        Assert.True(routed.Applied, string.Join("\n", routed.Diagnostics.Errors));
        Assert.Equal(["router \"r\" updated"], routed.Changes);
        await load.WaitForMoreAsync(20); // requests routed before the reload may still be answering
        load.ResetBodies();
        await load.WaitForMoreAsync(200);
        Assert.Equal(["b /hello"], load.Bodies.Keys);

        // The cluster's hosts change and the unused cluster goes.
        var clusters = Configs.Http1Proxy(Configs.CatchAll("cb"), $"[{Configs.Cluster("cb", "LB_RANDOM", a.Address)}]");
        var rehosted = await ReloadAsync(proxy, clusters);
        Assert.True(rehosted.Applied);
        Assert.Equal(["cluster \"cb\" updated", "cluster \"ca\" removed"], rehosted.Changes);
        await load.WaitForMoreAsync(20);
        load.ResetBodies();
        await load.WaitForMoreAsync(200);
        Assert.Equal(["a /hello"], load.Bodies.Keys);

        await load.StopAsync();
        Assert.Empty(load.Failures);
        Assert.True(load.Succeeded >= 600);
    }

    [Fact]
    public async Task Reload_InvalidConfig_RejectedWholeWithPathsAndRunningConfigServes()
    {
        await using var a = await KestrelBackend.StartAsync("a");
        await using var b = await KestrelBackend.StartAsync("b");
        await using var proxy = await ProxyInstance.StartAsync(TwoClusters("ca", a.Address, b.Address));

        // The route change is valid, the cluster is not: nothing of it may be applied.
        var invalid = TwoClusters("cb", a.Address, b.Address).Replace("\"lb_type\": \"LB_RANDOM\"", "\"lb_type\": \"LB_NOPE\"", StringComparison.Ordinal);
        var result = await ReloadAsync(proxy, invalid);

        Assert.False(result.Applied);
        Assert.Empty(result.Changes);
        Assert.Contains(result.Diagnostics.Errors, e => e.Path == "cluster_manager.clusters[0].lb_type");
        using var client = Clients.Create();
        Assert.Equal("a /hello", await client.GetStringAsync(new Uri(proxy.Url("proxy"), "/hello")));
        Assert.Equal(2, proxy.Server.ClusterManager.ClusterNames.Count);
    }

    [Fact]
    public async Task Reload_ListenerFilterChainChangedUnderLoad_KeepsAddressNoFailureNewChainServes()
    {
        await using var a = await KestrelBackend.StartAsync("a");
        await using var b = await KestrelBackend.StartAsync("b");
        static string Config(string router, string a, string b) => $$"""
            {
              "servers": [{
                "graceful_timeout": "5s",
                "routers": [
                  { "router_config_name": "ra", "virtual_hosts": {{Configs.CatchAll("ca")}} },
                  { "router_config_name": "rb", "virtual_hosts": {{Configs.CatchAll("cb")}} }
                ],
                "listeners": [{
                  "name": "proxy", "address": "127.0.0.1:0", "bind_port": true,
                  "filter_chains": [{ "filters": [{ "type": "proxy", "config": { "downstream_protocol": "Http1", "router_config_name": "{{router}}" } }] }]
                }]
              }],
              "cluster_manager": { "clusters": [{{Configs.Cluster("ca", "LB_RANDOM", a)}}, {{Configs.Cluster("cb", "LB_RANDOM", b)}}] }
            }
            """;
        await using var proxy = await ProxyInstance.StartAsync(Config("ra", a.Address, b.Address));
        var address = proxy.Address("proxy");
        var url = new Uri(proxy.Url("proxy"), "/hello");
        await using var load = LoadLoop.Start(() => url, workers: 4);
        await load.WaitForMoreAsync(200);

        var result = await ReloadAsync(proxy, Config("rb", a.Address, b.Address));

        Assert.True(result.Applied, string.Join("\n", result.Diagnostics.Errors));
        Assert.Equal(["listener \"proxy\" updated"], result.Changes);
        Assert.Equal(address, proxy.Address("proxy"));

        // Earlier keep-alive connections drain (closed after their in-flight response); the clients reconnect and
        // get the new chain.
        load.ResetBodies();
        await Task.Delay(300);
        await load.WaitForMoreAsync(20); // requests routed before the reload may still be answering
        load.ResetBodies();
        await load.WaitForMoreAsync(200);
        Assert.Equal(["b /hello"], load.Bodies.Keys);
        await load.StopAsync();
        Assert.Empty(load.Failures);
    }

    [Fact]
    public async Task Reload_ListenerAddedThenRemoved_BoundThenClosed()
    {
        await using var a = await KestrelBackend.StartAsync("a");
        var one = Configs.Http1Proxy(Configs.CatchAll("ca"), $"[{Configs.Cluster("ca", "LB_RANDOM", a.Address)}]");
        await using var proxy = await ProxyInstance.StartAsync(one);
        var second = """
            ,{
              "name": "second", "address": "127.0.0.1:0", "bind_port": true,
              "filter_chains": [{ "filters": [{ "type": "proxy", "config": { "downstream_protocol": "Http1", "router_config_name": "r" } }] }]
            }]
            """;
        var two = one.Replace("}]\n  }],", "}" + second + "\n  }],", StringComparison.Ordinal);
        Assert.NotEqual(one, two);

        var added = await ReloadAsync(proxy, two);
        Assert.True(added.Applied, string.Join("\n", added.Diagnostics.Errors));
        Assert.Single(added.Changes);
        Assert.StartsWith("listener \"second\" added on 127.0.0.1:", added.Changes[0], StringComparison.Ordinal);
        var secondAddress = proxy.Address("second");
        using var client = Clients.Create();
        Assert.Equal("a /hello", await client.GetStringAsync(new Uri($"http://127.0.0.1:{secondAddress.Port}/hello")));

        var removed = await ReloadAsync(proxy, one);
        Assert.True(removed.Applied);
        Assert.Equal(["listener \"second\" removed"], removed.Changes);
        Assert.False(proxy.Server.ListenerAddresses.ContainsKey("second"));
        using var probe = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(secondAddress));
        Assert.Equal("a /hello", await client.GetStringAsync(new Uri(proxy.Url("proxy"), "/hello")));
    }

    [Fact]
    public async Task Reload_OnlyClusterChanged_OpenConnectionKeepsServingWithNewCluster()
    {
        await using var a = await KestrelBackend.StartAsync("a");
        await using var b = await KestrelBackend.StartAsync("b");
        var before = Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", a.Address)}]");
        await using var proxy = await ProxyInstance.StartAsync(before);
        using var connection = new TcpClient();
        await connection.ConnectAsync(proxy.Address("proxy"));
        var stream = connection.GetStream();
        Assert.Equal("a", await GetOnAsync(stream));

        var result = await ReloadAsync(proxy, before.Replace(a.Address, b.Address, StringComparison.Ordinal));
        Assert.True(result.Applied);
        Assert.Equal(["cluster \"c\" updated"], result.Changes);

        // Same downstream connection: not touched by a change that does not concern it.
        Assert.Equal("b", await GetOnAsync(stream));
    }

    [Fact]
    public async Task Reload_SameFile_NothingChanges()
    {
        await using var a = await KestrelBackend.StartAsync("a");
        var json = Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", a.Address)}]");
        await using var proxy = await ProxyInstance.StartAsync(json);

        var result = await ReloadAsync(proxy, json);

        Assert.True(result.Applied);
        Assert.Empty(result.Changes);
    }

    [Fact]
    public async Task ReloadFromFile_AdminEndpoint_AppliesValidAndRejectsInvalidWith400()
    {
        await using var a = await KestrelBackend.StartAsync("a");
        await using var b = await KestrelBackend.StartAsync("b");
        var file = Path.GetTempFileName();
        var json = TwoClusters("ca", a.Address, b.Address).Replace("\"servers\"", "\"admin\": { \"address\": { \"socket_address\": { \"address\": \"127.0.0.1\", \"port_value\": 0 } } },\n  \"servers\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, json);
        await using var proxy = await ProxyInstance.StartAsync(json);
        proxy.Server.ConfigPath = file;
        using var client = Clients.Create();
        var reload = new Uri($"http://127.0.0.1:{proxy.Server.AdminAddress!.Port}/api/v1/reload");

        await File.WriteAllTextAsync(file, json.Replace("\"cluster_name\": \"ca\"", "\"cluster_name\": \"cb\"", StringComparison.Ordinal));
        using var applied = await client.PostAsync(reload, null);
        var appliedBody = await applied.Content.ReadAsStringAsync();
        Assert.True(applied.StatusCode == HttpStatusCode.OK, appliedBody);
        Assert.True(appliedBody.Contains("\"applied\": true", StringComparison.Ordinal), appliedBody);
        Assert.True(appliedBody.Contains("router \\\"r\\\" updated", StringComparison.Ordinal), appliedBody);
        Assert.Equal("b /hello", await client.GetStringAsync(new Uri(proxy.Url("proxy"), "/hello")));

        await File.WriteAllTextAsync(file, "{ \"servers\": [ { \"listeners\": 7 } ] }");
        using var rejected = await client.PostAsync(reload, null);
        var rejectedBody = await rejected.Content.ReadAsStringAsync();
        Assert.True(rejected.StatusCode == HttpStatusCode.BadRequest, rejectedBody);
        Assert.True(rejectedBody.Contains("servers[0].listeners", StringComparison.Ordinal), rejectedBody);
        Assert.Equal("b /hello", await client.GetStringAsync(new Uri(proxy.Url("proxy"), "/hello")));
    }

    /// <summary>One keep-alive GET /hello on a raw connection; returns the answering backend (x-backend).</summary>
    private static async Task<string> GetOnAsync(NetworkStream stream)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            var text = received.ToString();
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0 && text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal))
            {
                // The backend's fallback answer is chunked; the whole response is in.
                var backend = text[..end].Split("\r\n").First(l => l.StartsWith("x-backend:", StringComparison.OrdinalIgnoreCase));
                return backend["x-backend:".Length..].Trim();
            }

            var n = await stream.ReadAsync(buffer, cts.Token);
            Assert.True(n > 0, "the proxy closed the connection");
            received.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
    }
}
