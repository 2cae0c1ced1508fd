using System.Net;
using Microsoft.AspNetCore.Http;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Upstream;

/// <summary>Outlier detection (<c>outlier_detection</c>, Envoy's) through the proxy, against real backends on loopback.</summary>
public sealed class OutlierDetectionTests
{
    [Fact]
    public async Task Consecutive5xx_HostEjectedThenReturns()
    {
        var failing = true;
        await using var good = await KestrelBackend.StartAsync("good");
        await using var flaky = await KestrelBackend.StartAsync("flaky", async ctx =>
        {
            ctx.Response.StatusCode = Volatile.Read(ref failing) ? 500 : 200;
            await ctx.Response.WriteAsync("flaky");
        });
        var clusters = $$"""
            [{ "name": "c", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "connect_timeout": "2s",
               "outlier_detection": { "consecutive_5xx": 3, "interval": "100ms", "base_ejection_time": "3s", "max_ejection_percent": 50 },
               "hosts": [{ "address": "{{good.Address}}" }, { "address": "{{flaky.Address}}" }] }]
            """;
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), clusters));
        using var client = Clients.Create();
        var url = new Uri(proxy.Url("proxy"), "/hello");

        // Round robin: the flaky host answers every other request with a 500 until its third one ejects it.
        var errors = 0;
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.GetAsync(url);
            errors += response.StatusCode == HttpStatusCode.InternalServerError ? 1 : 0;
        }

        Assert.Equal(3, errors);
        await HealthCheckTests.WaitForHealthyHostsAsync(proxy, 1);
        var flakyHost = proxy.Server.ClusterManager.GetClusterSnapshot("c")!.HostSet.Hosts.Single(h => h.Address == flaky.Address);
        Assert.Equal(1, flakyHost.Stats.OutlierEjections);
        var requestsBefore = flaky.Requests;
        var servedBy = await HealthCheckTests.ServedByAsync(client, url, 10);
        Assert.All(servedBy, name => Assert.Equal("good", name));
        Assert.Equal(requestsBefore, flaky.Requests);

        // Fixed: after base_ejection_time the host returns and gets traffic again.
        Volatile.Write(ref failing, false);
        await HealthCheckTests.WaitForHealthyHostsAsync(proxy, 2);
        Assert.Contains("flaky", await HealthCheckTests.ServedByAsync(client, url, 10));
    }
}
