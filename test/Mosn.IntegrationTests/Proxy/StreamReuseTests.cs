using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Proxy;

/// <summary>
/// An HTTP/1 connection reuses its proxy stream object for the next request when the last one ended cleanly. Requests
/// of every outcome follow each other on one keep-alive connection here, in several orders: each must be routed,
/// rewritten, timed and answered as if it were the connection's first (nothing of the previous request's route, rule,
/// headers, retries, timer or flags may carry over).
/// </summary>
public sealed class StreamReuseTests
{
    private static Func<HttpContext, Task> Backend(string name, StrongBox<int> failures) => async ctx =>
    {
        var path = ctx.Request.Path.Value ?? "";
        if (path.EndsWith("/fail", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref failures.Value);
        }

        if (path.EndsWith("/slow", StringComparison.Ordinal))
        {
            await Task.Delay(2000, ctx.RequestAborted);
        }

        if (path.EndsWith("/fail", StringComparison.Ordinal))
        {
            ctx.Response.StatusCode = 503;
            return;
        }

        if (HttpMethods.IsPost(ctx.Request.Method))
        {
            await ctx.Request.Body.CopyToAsync(ctx.Response.Body);
            return;
        }

        await ctx.Response.WriteAsync($"{name} {path} route={ctx.Request.Headers["x-route"]} id={ctx.Request.Headers["x-test-id"]}");
    };

    private static string Route(string prefix, string cluster, string extra = "") =>
        $$"""{ "match": { "prefix": "{{prefix}}" }, "route": { "cluster_name": "{{cluster}}" {{extra}} } }""";

    private static string Rewrites(string name) =>
        $$""", "request_headers_to_add": [{ "header": { "key": "x-route", "value": "{{name}}" } }], "response_headers_to_add": [{ "header": { "key": "x-resp", "value": "{{name}}" } }]""";

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task MixedOutcomesOnOneKeepAliveConnection_EachRequestAnsweredAsIfItWereTheFirst(int order)
    {
        var failures = new StrongBox<int>();
        await using var a = await KestrelBackend.StartAsync("a", Backend("a", failures));
        await using var b = await KestrelBackend.StartAsync("b", Backend("b", failures));
        var routes = string.Join(", ",
            Route("/a/slow", "a", """, "timeout": "300ms" """),
            Route("/a/fail", "a", """, "retry_policy": { "retry_on": true, "num_retries": 1, "status_codes": [503] }"""),
            Route("/a", "a", Rewrites("a")),
            Route("/b", "b", Rewrites("b")));
        var vhosts = $$"""[{ "name": "all", "domains": ["*"], "routers": [{{routes}}] }]""";
        var clusters = $"[{Configs.Cluster("a", "LB_RANDOM", a.Address)}, {Configs.Cluster("b", "LB_RANDOM", b.Address)}]";
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(vhosts, clusters));
        using var client = Clients.Create();
        var steps = new Func<int, Task>[]
        {
            async i => await ExpectAsync(client, proxy, HttpMethod.Get, $"/a/x{i}", i, HttpStatusCode.OK, $"a /a/x{i} route=a id={i}", resp: "a"),
            async i => await ExpectAsync(client, proxy, HttpMethod.Get, $"/b/y{i}", i, HttpStatusCode.OK, $"b /b/y{i} route=b id={i}", resp: "b"),
            async i => await ExpectAsync(client, proxy, HttpMethod.Get, "/none", i, HttpStatusCode.NotFound, null, resp: null),
            async i => await ExpectAsync(client, proxy, HttpMethod.Head, $"/a/h{i}", i, HttpStatusCode.OK, "", resp: "a"),
            async i => await ExpectAsync(client, proxy, HttpMethod.Get, "/a/fail", i, HttpStatusCode.ServiceUnavailable, "", resp: null),
            async i => await ExpectAsync(client, proxy, HttpMethod.Post, "/b/echo", i, HttpStatusCode.OK, new string('p', 10_000 + i), resp: "b"),
            async i => await ExpectAsync(client, proxy, HttpMethod.Get, "/a/slow", i, HttpStatusCode.GatewayTimeout, null, resp: null),
        };
        var sequence = order switch
        {
            0 => Enumerable.Range(0, 21).Select(i => i % steps.Length),
            1 => Enumerable.Range(0, 21).Select(i => (steps.Length - 1) - (i % steps.Length)),
            _ => [0, 0, 1, 1, 0, 2, 0, 3, 1, 4, 0, 5, 1, 6, 0, 1, 0],
        };

        var n = 0;
        foreach (var step in sequence)
        {
            await steps[step](n++);
        }

        Assert.Equal(2 * sequence.Count(s => s == 4), failures.Value); // every 503 retried exactly once
    }

    [Fact]
    public async Task ClientsAbortingSomeRequestsMidFlight_EveryAnsweredRequestGetsItsOwnResponse()
    {
        await using var backend = await KestrelBackend.StartAsync("b", async ctx =>
        {
            var id = ctx.Request.Headers["x-test-id"].ToString();
            if (ctx.Request.Headers.ContainsKey("x-slow"))
            {
                await Task.Delay(300, ctx.RequestAborted);
            }

            ctx.Response.Headers["x-echo-id"] = id;
            await ctx.Response.WriteAsync("id=" + id);
        });
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", backend.Address)}]"));
        var aborted = 0;
        var workers = Enumerable.Range(0, 6).Select(async w =>
        {
            using var client = Clients.Create();
            for (var i = 0; i < 40; i++)
            {
                var id = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"w{w}-{i}");
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(proxy.Url("proxy"), "/r"));
                request.Headers.Add("x-test-id", id);
                if ((i + w) % 5 == 0)
                {
                    // The client gives up while the proxy waits for the upstream: the connection closes mid-request.
                    request.Headers.Add("x-slow", "1");
                    using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(40));
                    await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(request, cts.Token));
                    Interlocked.Increment(ref aborted);
                    continue;
                }

                using var response = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(id, Assert.Single(response.Headers.GetValues("x-echo-id")));
                Assert.Equal("id=" + id, await response.Content.ReadAsStringAsync());
            }
        });
        await Task.WhenAll(workers);

        Assert.Equal(6 * 8, aborted);
    }

    [Fact]
    public async Task ThirtyPipelinedRequestsOfMixedOutcomes_AnsweredInOrderEachWithItsOwnResponse()
    {
        var failures = new StrongBox<int>();
        await using var a = await KestrelBackend.StartAsync("a", Backend("a", failures));
        await using var b = await KestrelBackend.StartAsync("b", Backend("b", failures));
        var vhosts = $$"""[{ "name": "all", "domains": ["*"], "routers": [{{Route("/a", "a", Rewrites("a"))}}, {{Route("/b", "b", Rewrites("b"))}}] }]""";
        var clusters = $"[{Configs.Cluster("a", "LB_RANDOM", a.Address)}, {Configs.Cluster("b", "LB_RANDOM", b.Address)}]";
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(vhosts, clusters));
        var raw = new System.Text.StringBuilder();
        var statuses = new List<string>();
        var bodies = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var (method, path, status, body) = (i % 4) switch
            {
                0 => ("GET", $"/a/p{i}", "200", $"a /a/p{i} route=a id={i}"),
                1 => ("GET", $"/b/q{i}", "200", $"b /b/q{i} route=b id={i}"),
                2 => ("GET", $"/none{i}", "404", null),
                _ => ("HEAD", $"/a/h{i}", "200", null),
            };
            raw.Append(System.Globalization.CultureInfo.InvariantCulture, $"{method} {path} HTTP/1.1\r\nHost: h\r\nx-test-id: {i}\r\n{(i == 29 ? "Connection: close\r\n" : "")}\r\n");
            statuses.Add(status);
            if (body is not null)
            {
                bodies.Add(body);
            }
        }

        var response = await Clients.RawAsync(proxy.Address("proxy"), raw.ToString(), TimeSpan.FromSeconds(20));

        var seen = System.Text.RegularExpressions.Regex.Matches(response, "HTTP/1.1 (\\d{3})").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(statuses, seen);
        var at = 0;
        foreach (var body in bodies)
        {
            var found = response.IndexOf(body, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{body}' missing or out of order in:\n{response}");
            at = found + body.Length;
        }
    }

    private static async Task ExpectAsync(HttpClient client, ProxyInstance proxy, HttpMethod method, string path, int id, HttpStatusCode status, string? body, string? resp)
    {
        using var request = new HttpRequestMessage(method, new Uri(proxy.Url("proxy"), path));
        request.Headers.Add("x-test-id", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent(new string('p', 10_000 + id));
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{method} {path} (request {id}): {(int)response.StatusCode} {text}");
        if (body is not null)
        {
            Assert.Equal(body, text);
        }

        if (resp is null)
        {
            Assert.False(response.Headers.Contains("x-resp"), $"{method} {path} (request {id}) has another route's x-resp");
        }
        else
        {
            Assert.Equal(resp, Assert.Single(response.Headers.GetValues("x-resp")));
        }
    }
}
