using System.Net;
using Microsoft.AspNetCore.Http;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Upstream;

/// <summary>Active health checks (<c>health_check</c>) through the proxy, against real backends on loopback.</summary>
public sealed class HealthCheckTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task HttpCheck_HostStopsAnswering_MarkedUnhealthyAndTrafficMovesWithoutFailures()
    {
        var sick = false;
        await using var good = await KestrelBackend.StartAsync("good", ctx => Answer(ctx, "good", sick: false));
        await using var bad = await KestrelBackend.StartAsync("bad", ctx => Answer(ctx, "bad", Volatile.Read(ref sick)));
        var healthCheck = """
            "health_check": {
              "protocol": "Http1", "timeout": "1s", "interval": "100ms", "interval_jitter": "10ms",
              "initial_delay_seconds": "0", "unhealthy_threshold": 2, "healthy_threshold": 2,
              "check_config": { "http_check_config": { "path": "/health", "codes": ["200-299"] } }
            }
            """;
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), Cluster(healthCheck, good, bad)));
        using var client = Clients.Create();
        var url = new Uri(proxy.Url("proxy"), "/work");
        Assert.Contains("bad", await ServedByAsync(client, url, 10)); // both hosts serve while healthy

        Volatile.Write(ref sick, true);
        await WaitForHealthyHostsAsync(proxy, 1);

        var servedBy = await ServedByAsync(client, url, 20); // asserts every response is a 200
        Assert.All(servedBy, name => Assert.Equal("good", name));
        var badHost = proxy.Server.ClusterManager.GetClusterSnapshot("c")!.HostSet.Hosts.Single(h => h.Address == bad.Address);
        Assert.False(badHost.IsHealthy);
        Assert.True(badHost.Stats.HealthCheckFailures >= 2);

        Volatile.Write(ref sick, false);
        await WaitForHealthyHostsAsync(proxy, 2);
        Assert.Contains("bad", await ServedByAsync(client, url, 10));
    }

    [Fact]
    public async Task TcpCheck_HostGoesAway_TrafficMovesWithoutFailures()
    {
        await using var good = await KestrelBackend.StartAsync("good");
        var gone = await KestrelBackend.StartAsync("gone");
        var healthCheck = """
            "health_check": { "timeout": "1s", "interval": "100ms", "initial_delay_seconds": "0" }
            """;
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), Cluster(healthCheck, good, gone)));
        using var client = Clients.Create();
        var url = new Uri(proxy.Url("proxy"), "/hello");

        await gone.DisposeAsync();
        await WaitForHealthyHostsAsync(proxy, 1);

        var servedBy = await ServedByAsync(client, url, 20);
        Assert.All(servedBy, name => Assert.Equal("good", name));
    }

    private static async Task Answer(HttpContext ctx, string name, bool sick)
    {
        ctx.Response.StatusCode = sick ? 503 : 200;
        await ctx.Response.WriteAsync(name);
    }

    private static string Cluster(string healthCheck, KestrelBackend first, KestrelBackend second) =>
        $$"""
        [{ "name": "c", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "connect_timeout": "2s", {{healthCheck}},
           "hosts": [{ "address": "{{first.Address}}" }, { "address": "{{second.Address}}" }] }]
        """;

    /// <summary>Sends <paramref name="count"/> requests, asserting each one succeeds, and returns which backend served each.</summary>
    internal static async Task<List<string>> ServedByAsync(HttpClient client, Uri url, int count)
    {
        var servedBy = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            servedBy.Add(response.Headers.GetValues("x-backend").Single());
        }

        return servedBy;
    }

    /// <summary>Waits until the proxy's cluster <c>c</c> has <paramref name="count"/> healthy hosts in its balancer.</summary>
    internal static async Task WaitForHealthyHostsAsync(ProxyInstance proxy, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (proxy.Server.ClusterManager.GetClusterSnapshot("c") is not { } snapshot
            || snapshot.HostSet.HealthyHosts.Count != count || snapshot.LoadBalancer.HostCount != count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the cluster did not reach {count} healthy hosts");
            await Task.Delay(20);
        }
    }
}
