using System.Net;
using Microsoft.AspNetCore.Http;
using Mosn.IntegrationTests.Infrastructure;
using Mosn.Proxy;

namespace Mosn.IntegrationTests.Proxy;

/// <summary>The cluster's <c>circuit_breakers</c> thresholds: overflow is answered at once, never queued.</summary>
public sealed class CircuitBreakerTests
{
    private static string Cluster(string address, string thresholds) =>
        $$"""{ "name": "c", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "connect_timeout": "2s", "circuit_breakers": [{{thresholds}}], "hosts": [{ "address": "{{address}}" }] }""";

    [Fact]
    public async Task MaxRequests_Reached_ExtraRequestGets503AtOnceWhileAdmittedOnesSucceed()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = 0;
        await using var backend = await KestrelBackend.StartAsync("b", async ctx =>
        {
            if (ctx.Request.Path == "/hold")
            {
                Interlocked.Increment(ref arrived);
                await release.Task;
            }

            await ctx.Response.WriteAsync("done");
        });
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(
            Configs.CatchAll("c"), $"[{Cluster(backend.Address, """{ "max_requests": 2 }""")}]"));
        using var client = Clients.Create();
        var url = proxy.Url("proxy");
        var held = new[] { client.GetAsync(new Uri(url, "/hold")), client.GetAsync(new Uri(url, "/hold")) };
        while (Volatile.Read(ref arrived) < 2)
        {
            await Task.Delay(10);
        }

        var overflowsBefore = ProxyStats.Instance.UpstreamOverflows;
        using (var extra = await client.GetAsync(new Uri(url, "/other")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, extra.StatusCode);
        }

        Assert.True(ProxyStats.Instance.UpstreamOverflows > overflowsBefore);
        Assert.Equal(2, backend.Requests); // the extra request never reached the backend

        release.SetResult();
        foreach (var response in await Task.WhenAll(held))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("done", await response.Content.ReadAsStringAsync());
            response.Dispose();
        }

        // Below the limit again: requests pass.
        using var after = await client.GetAsync(new Uri(url, "/other"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task MaxRetries_Reached_FailureIsReturnedWithoutRetry()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holds = 0;
        await using var backend = await KestrelBackend.StartAsync("b", async ctx =>
        {
            if (ctx.Request.Path == "/fail-then-hold" && Interlocked.Increment(ref holds) > 1)
            {
                await release.Task; // the retry of the first request waits here, holding the only retry slot
                await ctx.Response.WriteAsync("retried");
                return;
            }

            ctx.Response.StatusCode = 503;
            await ctx.Response.WriteAsync("busy");
        });
        var vhosts = Configs.CatchAll("c", """, "retry_policy": { "retry_on": true, "num_retries": 1 }""");
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(vhosts, $"[{Cluster(backend.Address, """{ "max_retries": 1 }""")}]"));
        using var client = Clients.Create();
        var url = proxy.Url("proxy");

        // Request 1 fails (503), is retried, and its retry blocks: it holds the cluster's only retry slot.
        var first = client.GetAsync(new Uri(url, "/fail-then-hold"));
        while (Volatile.Read(ref holds) < 2)
        {
            await Task.Delay(10);
        }

        // Request 2 fails too, and may not retry: the 503 comes back as is.
        var requestsBefore = backend.Requests;
        using (var second = await client.GetAsync(new Uri(url, "/fails")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
            Assert.Equal("busy", await second.Content.ReadAsStringAsync());
        }

        Assert.Equal(requestsBefore + 1, backend.Requests);

        release.SetResult();
        using var firstResponse = await first;
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal("retried", await firstResponse.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RetryBudget_NoRoom_FailureReturnedWithoutRetryAndCounted()
    {
        await using var backend = await KestrelBackend.StartAsync("b", async ctx =>
        {
            ctx.Response.StatusCode = 503;
            await ctx.Response.WriteAsync("busy");
        });
        var vhosts = Configs.CatchAll("c", """, "retry_policy": { "retry_on": true, "num_retries": 3 }""");
        var budget = """{ "retry_budget": { "budget_percent": 0, "min_retry_concurrency": 0 } }""";
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(vhosts, $"[{Cluster(backend.Address, budget)}]"));
        using var client = Clients.Create();

        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/x"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, backend.Requests); // not retried
        Assert.Equal(1, proxy.Server.ClusterManager.GetClusterSnapshot("c")!.Info.Stats.RetryOverflows);
    }

    [Fact]
    public async Task RetryBudget_WithRoomAndBackOff_RetriedUntilSuccess()
    {
        var calls = 0;
        await using var backend = await KestrelBackend.StartAsync("b", async ctx =>
        {
            if (Interlocked.Increment(ref calls) <= 2)
            {
                ctx.Response.StatusCode = 503;
                await ctx.Response.WriteAsync("busy");
                return;
            }

            await ctx.Response.WriteAsync("ok");
        });
        var vhosts = Configs.CatchAll("c", """, "retry_policy": { "retry_on": true, "num_retries": 3, "retry_back_off": { "base_interval": "5ms", "max_interval": "20ms" } }""");
        var budget = """{ "retry_budget": { "budget_percent": 20, "min_retry_concurrency": 3 } }""";
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(vhosts, $"[{Cluster(backend.Address, budget)}]"));
        using var client = Clients.Create();

        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/x"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.Equal(3, Volatile.Read(ref calls));
        Assert.Equal(0, proxy.Server.ClusterManager.GetClusterSnapshot("c")!.Info.Stats.RetryOverflows);
    }
}
