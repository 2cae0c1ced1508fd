using Microsoft.AspNetCore.Http;
using System.Diagnostics;
using System.Net;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Proxy;

public sealed class RetryAndTimeoutTests
{
    [Fact]
    public async Task Retry_FirstHostRefuses_SecondHostAnswers()
    {
        await using var good = await KestrelBackend.StartAsync("good");
        var refused = Configs.RefusedAddress();
        var clusters = $"[{Configs.Cluster("c", "LB_ROUNDROBIN", refused, good.Address)}]";
        var vhosts = Configs.CatchAll("c", """, "retry_policy": { "retry_on": true, "num_retries": 2 }""");
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(vhosts, clusters));
        using var client = Clients.Create();
        for (var i = 0; i < 20; i++)
        {
            using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/r"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("good", response.Headers.GetValues("x-backend").Single());
        }

        Assert.Equal(20, good.Requests);
    }

    [Fact]
    public async Task Retry_ConnectFailureWithoutPolicy_StillTriesAnotherHost()
    {
        await using var good = await KestrelBackend.StartAsync("good");
        var clusters = $"[{Configs.Cluster("c", "LB_ROUNDROBIN", Configs.RefusedAddress(), good.Address)}]";
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), clusters));
        using var client = Clients.Create();
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/r"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Retry_5xxWithRetryOn_RetriedToOtherHost()
    {
        await using var bad = await KestrelBackend.StartAsync("bad", ctx =>
        {
            ctx.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        await using var good = await KestrelBackend.StartAsync("good");
        var clusters = $"[{Configs.Cluster("c", "LB_ROUNDROBIN", bad.Address, good.Address)}]";
        var vhosts = Configs.CatchAll("c", """, "retry_policy": { "retry_on": true, "num_retries": 1, "status_codes": [503] }""");
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(vhosts, clusters));
        using var client = Clients.Create();
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/r"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True(bad.Requests > 0, "round robin should have sent some first tries to the failing host");
    }

    [Fact]
    public async Task AllHostsRefuse_Returns503()
    {
        var clusters = $"[{Configs.Cluster("c", "LB_ROUNDROBIN", Configs.RefusedAddress())}]";
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), clusters));
        using var client = Clients.Create();
        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/r"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task RouteTimeout_SlowBackend_Returns504Promptly()
    {
        await using var slow = await KestrelBackend.StartAsync("slow");
        var vhosts = Configs.CatchAll("c", """, "timeout": "300ms" """);
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(vhosts, $"[{Configs.Cluster("c", "LB_RANDOM", slow.Address)}]"));
        using var client = Clients.Create();
        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/delay/5000"));
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);

        // The connection stays usable for the next request.
        using var next = await client.GetAsync(new Uri(proxy.Url("proxy"), "/hello"));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task RouteTimeout_SequentialRequestsOnOneConnection_EachGetsItsOwnDeadline()
    {
        // HTTP/1 requests of a connection share one re-armed timer: the second request must not inherit the first's
        // deadline (1.2 s into a 2 s timeout, the next 1.2 s request would be cut 0.8 s in), and the timer still fires.
        await using var slow = await KestrelBackend.StartAsync("slow");
        var vhosts = Configs.CatchAll("c", """, "timeout": "2s" """);
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(vhosts, $"[{Configs.Cluster("c", "LB_RANDOM", slow.Address)}]"));
        using var client = Clients.Create();
        var url = proxy.Url("proxy");

        using (var first = await client.GetAsync(new Uri(url, "/delay/1200")))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var second = await client.GetAsync(new Uri(url, "/delay/1200")))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        using (var third = await client.GetAsync(new Uri(url, "/delay/10000")))
        {
            Assert.Equal(HttpStatusCode.GatewayTimeout, third.StatusCode);
        }

        using var fourth = await client.GetAsync(new Uri(url, "/hello"));
        Assert.Equal(HttpStatusCode.OK, fourth.StatusCode);
    }

    [Fact]
    public async Task RouteTimeout_ShorterTimeoutAfterLongerOnOneConnection_ShorterOneFires()
    {
        // The connection's timer stays set for the first request's 30 s deadline after it completes; the next request's
        // 300 ms deadline is earlier, so the timer must be moved, or the 5 s backend would answer first.
        await using var slow = await KestrelBackend.StartAsync("slow");
        const string vhosts = """
            [{ "name": "all", "domains": ["*"], "routers": [
              { "match": { "prefix": "/hello" }, "route": { "cluster_name": "c", "timeout": "30s" } },
              { "match": { "prefix": "/" }, "route": { "cluster_name": "c", "timeout": "300ms" } }] }]
            """;
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(vhosts, $"[{Configs.Cluster("c", "LB_RANDOM", slow.Address)}]"));
        using var client = Clients.Create();

        using (var first = await client.GetAsync(new Uri(proxy.Url("proxy"), "/hello")))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var second = await client.GetAsync(new Uri(proxy.Url("proxy"), "/delay/5000"));
        Assert.Equal(HttpStatusCode.GatewayTimeout, second.StatusCode);
    }

    [Fact]
    public async Task RouteTimeout_ManyTimeoutsOnOneConnection_EveryOneFires()
    {
        // The connection's re-armed timer must fire for every request (a firing a little before its precise deadline
        // once made the proxy drop the timeout, and the request waited for the backend), and never cut a fast request.
        await using var slow = await KestrelBackend.StartAsync("slow");
        var vhosts = Configs.CatchAll("c", """, "timeout": "300ms" """);
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(vhosts, $"[{Configs.Cluster("c", "LB_RANDOM", slow.Address)}]"));
        using var client = Clients.Create();
        client.Timeout = TimeSpan.FromSeconds(4);
        for (var i = 0; i < 30; i++)
        {
            var timesOut = i % 2 == 0;
            using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), timesOut ? "/delay/10000" : "/hello"));
            Assert.Equal(timesOut ? HttpStatusCode.GatewayTimeout : HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task PerTryTimeout_FirstTrySlow_RetriedAndAnswered()
    {
        var calls = 0;
        await using var flaky = await KestrelBackend.StartAsync("flaky", async ctx =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await Task.Delay(3000, ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await ctx.Response.WriteAsync("second try");
        });
        var vhosts = Configs.CatchAll("c", """, "timeout": "10s", "retry_policy": { "retry_on": true, "num_retries": 1, "retry_timeout": "200ms" }""");
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(vhosts, $"[{Configs.Cluster("c", "LB_RANDOM", flaky.Address)}]"));
        using var client = Clients.Create();
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/x"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("second try", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task UpstreamResetMidResponse_ClientSeesAnErrorNotAShortBody()
    {
        await using var dying = await KestrelBackend.StartAsync("dying", async ctx =>
        {
            ctx.Response.ContentLength = 1_000_000;
            await ctx.Response.Body.WriteAsync(new byte[10_000]);
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(300); // the proxy has forwarded the response head by now
            ctx.Abort();
        });
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", dying.Address)}]"));
        using var client = Clients.Create();
        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/x"), HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode == HttpStatusCode.BadGateway)
        {
            // Under load the backend's reset can reach the proxy together with the response head (the kernel then
            // drops the unread bytes): the proxy never saw a response start, and 502 is the right answer.
            return;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = await Record.ExceptionAsync(async () => await response.Content.ReadAsByteArrayAsync());
        Assert.True(error is HttpRequestException or IOException, $"expected a broken body, got {error?.GetType().Name ?? "a clean short body"}");
    }

    [Fact]
    public async Task UpstreamResetBeforeResponse_Returns502()
    {
        await using var dying = await KestrelBackend.StartAsync("dying", ctx =>
        {
            ctx.Abort();
            return Task.CompletedTask;
        });
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", dying.Address)}]"));
        using var client = Clients.Create();
        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/x"));
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }
}
