using System.Diagnostics;
using System.Net;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Proxy;

public sealed class FaultInjectionTests
{
    [Fact]
    public async Task Abort100Percent_EveryRequestGetsTheStatus_BackendUntouched()
    {
        await using var a = await KestrelBackend.StartAsync("a");
        var filters = """[{ "type": "fault", "config": { "abort": { "status": 418, "percentage": 100 } } }]""";
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", a.Address)}]", filters));
        using var client = Clients.Create();
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/f"));
            Assert.Equal((HttpStatusCode)418, response.StatusCode);
        }

        Assert.Equal(0, a.Requests);
    }

    [Fact]
    public async Task Delay100Percent_RequestIsDelayedThenServed()
    {
        await using var a = await KestrelBackend.StartAsync("a");
        var filters = """[{ "type": "fault", "config": { "delay": { "fixed_delay": "400ms", "percentage": 100 } } }]""";
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", a.Address)}]", filters));
        using var client = Clients.Create();
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/d"));
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 350, $"took {watch.ElapsedMilliseconds} ms");
        Assert.Equal(1, a.Requests);
    }

    [Fact]
    public async Task AbortHalf_ShareWithinTolerance()
    {
        await using var a = await KestrelBackend.StartAsync("a");
        var filters = """[{ "type": "fault", "config": { "abort": { "status": 503, "percentage": 50 } } }]""";
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", a.Address)}]", filters));
        using var client = Clients.Create();
        var aborted = 0;
        for (var i = 0; i < 400; i++)
        {
            using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/h"));
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                aborted++;
            }
        }

        // binomial(400, 0.5): sd = 10; accept ±40 (4 sd).
        Assert.InRange(aborted, 160, 240);
        Assert.Equal(400 - aborted, a.Requests);
    }
}
