using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Http2;

/// <summary>h2c clients through the proxy (downstream Http2, upstream Http2) to an h2c Kestrel backend.</summary>
public sealed class Http2ProxyTests
{
    private static async Task<(KestrelBackend Backend, ProxyInstance Proxy)> StartAsync(Func<HttpContext, Task>? custom = null, string? virtualHosts = null)
    {
        var backend = await KestrelBackend.StartAsync("h2", custom, HttpProtocols.Http2);
        try
        {
            var config = Configs.Proxy("Http2", "Http2", virtualHosts ?? Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", backend.Address)}]");
            return (backend, await ProxyInstance.StartAsync(config));
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task Get_SimpleRequest_AnsweredOverHttp2ByHttp2Backend()
    {
        var (backend, proxy) = await StartAsync(InspectHandler.HandleAsync);
        await using var b = backend;
        await using var p = proxy;
        using var client = Http2Clients.Create();
        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/some/path?q=1&r=two"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("h2", response.Headers.GetValues("x-backend").Single());
        var seen = InspectHandler.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("HTTP/2", seen["protocol"]);
        Assert.Equal("GET", seen["method"]);
        Assert.Equal("/some/path?q=1&r=two", seen["target"]);
        Assert.Equal("0", seen["body-length"]);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(100_000, true)]
    [InlineData(100_000, false)]
    [InlineData(5_000_000, true)]
    [InlineData(5_000_000, false)]
    public async Task Post_BodyWithOrWithoutLength_EchoedIdentical(int size, bool contentLength)
    {
        var (backend, proxy) = await StartAsync();
        await using var b = backend;
        await using var p = proxy;
        using var client = Http2Clients.Create();
        var payload = new byte[size];
        new Random(size).NextBytes(payload);
        // Without a length the body ends with END_STREAM only.
        using var content = new DuplexContent(payload, contentLength);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-test");
        using var response = await client.PostAsync(new Uri(proxy.Url("proxy"), "/echo"), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("application/x-test", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Concurrent_200ParallelRequestsOnOneClient_MultiplexedOnOneConnectionEachWay()
    {
        var (backend, proxy) = await StartAsync();
        await using var b = backend;
        await using var p = proxy;
        var connections = new ConnectionCounter();
        using var client = Http2Clients.Create(connections: connections);
        var tasks = Enumerable.Range(0, 200).Select(async i =>
        {
            if (i % 2 == 0)
            {
                using var get = await client.GetAsync(new Uri(proxy.Url("proxy"), $"/c{i}"));
                Assert.Equal(HttpStatusCode.OK, get.StatusCode);
                Assert.Equal($"h2 /c{i}", await get.Content.ReadAsStringAsync());
                return;
            }

            var payload = new byte[10_000 + i];
            new Random(i).NextBytes(payload);
            using var post = await client.PostAsync(new Uri(proxy.Url("proxy"), "/echo"), new DuplexContent(payload));
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
            Assert.Equal(payload, await post.Content.ReadAsByteArrayAsync());
        });
        await Task.WhenAll(tasks);
        Assert.Equal(200, backend.Requests);
        Assert.Equal(1, connections.Count);
        // Upstream HTTP/2 is multiplexed too: a handful of connections at most, never one per request.
        Assert.True(backend.Connections <= 4, $"backend saw {backend.Connections} connections for 200 concurrent requests");
    }

    [Fact]
    public async Task Trailers_BackendAppendsTrailers_ClientReceivesThem()
    {
        var (backend, proxy) = await StartAsync(async ctx =>
        {
            ctx.Response.DeclareTrailer("x-checksum");
            await ctx.Response.WriteAsync("body before trailers");
            ctx.Response.AppendTrailer("x-checksum", "abc123");
            ctx.Response.AppendTrailer("x-second", "two");
        });
        await using var b = backend;
        await using var p = proxy;
        using var client = Http2Clients.Create();
        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/trailers"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("body before trailers", await response.Content.ReadAsStringAsync());
        Assert.Equal("abc123", response.TrailingHeaders.GetValues("x-checksum").Single());
        Assert.Equal("two", response.TrailingHeaders.GetValues("x-second").Single());
    }

    [Fact]
    public async Task Headers_CustomRequestAndResponseHeaders_Preserved()
    {
        var (backend, proxy) = await StartAsync(async ctx =>
        {
            ctx.Response.Headers["x-resp"] = "resp-value";
            ctx.Response.Headers.Append("set-cookie", "a=1; Path=/");
            ctx.Response.Headers.Append("set-cookie", "b=2; Path=/");
            ctx.Response.Headers.CacheControl = "no-store";
            await InspectHandler.HandleAsync(ctx);
        });
        await using var b = backend;
        await using var p = proxy;
        using var client = Http2Clients.Create();
        using var request = Http2Clients.Request(HttpMethod.Put, new Uri(proxy.Url("proxy"), "/h?x=%20y"));
        request.Content = new StringContent("put-body");
        request.Headers.TryAddWithoutValidation("x-custom", "value with spaces, and commas");
        request.Headers.TryAddWithoutValidation("x-empty", string.Empty);
        request.Headers.UserAgent.ParseAdd("mosn-test/1.0");
        request.Headers.Accept.ParseAdd("text/plain");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = InspectHandler.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("PUT", seen["method"]);
        Assert.Equal("/h?x=%20y", seen["target"]);
        Assert.Equal($"127.0.0.1:{proxy.Address("proxy").Port}", seen["host"]);
        Assert.Equal("value with spaces, and commas", seen["h:x-custom"]);
        Assert.Equal(string.Empty, seen["h:x-empty"]);
        Assert.Equal("mosn-test/1.0", seen["h:user-agent"]);
        Assert.Equal("text/plain", seen["h:accept"]);
        Assert.Equal("8", seen["body-length"]);
        Assert.DoesNotContain(seen.Keys, k => k.StartsWith("h::", StringComparison.Ordinal));
        Assert.Equal("resp-value", response.Headers.GetValues("x-resp").Single());
        Assert.Equal(["a=1; Path=/", "b=2; Path=/"], response.Headers.GetValues("set-cookie").Order(StringComparer.Ordinal));
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task NoRoute_UnknownAuthority_Returns404OverHttp2()
    {
        var (backend, proxy) = await StartAsync(virtualHosts: Configs.OnlyDomain("only.example", "c"));
        await using var b = backend;
        await using var p = proxy;
        using var client = Http2Clients.Create();
        using var missing = await client.GetAsync(new Uri(proxy.Url("proxy"), "/x"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpVersion.Version20, missing.Version);
        Assert.Equal(0, backend.Requests);

        // The same connection routes by :authority: the configured domain is found.
        using var request = Http2Clients.Request(HttpMethod.Get, new Uri(proxy.Url("proxy"), "/x"));
        request.Headers.Host = "only.example";
        using var found = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal("h2 /x", await found.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UpstreamDown_RefusedHost_Returns503OverHttp2()
    {
        var clusters = $"[{Configs.Cluster("c", "LB_ROUNDROBIN", Configs.RefusedAddress())}]";
        await using var proxy = await ProxyInstance.StartAsync(Configs.Proxy("Http2", "Http2", Configs.CatchAll("c"), clusters));
        using var client = Http2Clients.Create();
        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/x"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    [Fact]
    public async Task RouteTimeout_SlowBackend_Returns504AndConnectionStaysUsable()
    {
        var (backend, proxy) = await StartAsync(virtualHosts: Configs.CatchAll("c", """, "timeout": "300ms" """));
        await using var b = backend;
        await using var p = proxy;
        var connections = new ConnectionCounter();
        using var client = Http2Clients.Create(connections: connections);
        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/delay/5000"));
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);

        using var next = await client.GetAsync(new Uri(proxy.Url("proxy"), "/hello"));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(1, connections.Count);
    }

    [Fact]
    public async Task RouteTimeout_ManyConcurrentStreamsOnOneConnection_EverySlowOneTimesOutFastOnesAnswer()
    {
        // The streams of a connection share one timer: every slow stream must get its 504 (not only the first), and no
        // fast stream may be cut.
        var (backend, proxy) = await StartAsync(virtualHosts: Configs.CatchAll("c", """, "timeout": "500ms" """));
        await using var b = backend;
        await using var p = proxy;
        var connections = new ConnectionCounter();
        using var client = Http2Clients.Create(timeout: TimeSpan.FromSeconds(8), connections: connections);
        using var warm = await client.GetAsync(new Uri(proxy.Url("proxy"), "/hello"));
        Assert.Equal(HttpStatusCode.OK, warm.StatusCode);

        var calls = Enumerable.Range(0, 40).Select(async i =>
        {
            using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), i % 2 == 0 ? "/delay/20000" : $"/delay/{i * 5}"));
            return (Slow: i % 2 == 0, response.StatusCode);
        }).ToArray();
        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.Equal(r.Slow ? HttpStatusCode.GatewayTimeout : HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, connections.Count);
    }

    [Fact]
    public async Task RouteTimeout_ShorterRouteWhileALongerOneIsInFlight_ShorterOneFiresFirst()
    {
        // The first stream's 30 s deadline is queued on the connection's timer; the second stream's 300 ms deadline is
        // earlier, so it cannot wait behind it.
        const string vhosts = """
            [{ "name": "all", "domains": ["*"], "routers": [
              { "match": { "prefix": "/delay/4000" }, "route": { "cluster_name": "c", "timeout": "30s" } },
              { "match": { "prefix": "/" }, "route": { "cluster_name": "c", "timeout": "300ms" } }] }]
            """;
        var (backend, proxy) = await StartAsync(virtualHosts: vhosts);
        await using var b = backend;
        await using var p = proxy;
        using var client = Http2Clients.Create(timeout: TimeSpan.FromSeconds(20));
        using var warm = await client.GetAsync(new Uri(proxy.Url("proxy"), "/hello"));

        var longer = client.GetAsync(new Uri(proxy.Url("proxy"), "/delay/4000"));
        await Task.Delay(100);
        using var shorter = await client.GetAsync(new Uri(proxy.Url("proxy"), "/delay/15000"));
        Assert.Equal(HttpStatusCode.GatewayTimeout, shorter.StatusCode);
        Assert.False(longer.IsCompleted, "the 300 ms timeout waited for the 4 s request ahead of it");
        using var first = await longer;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
    }

    [Fact]
    public async Task ClientCancel_MidRequestBody_BackendSeesAbortAndConnectionStaysUsable()
    {
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var outcome = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (backend, proxy) = await StartAsync(async ctx =>
        {
            if (ctx.Request.Path != "/upload")
            {
                await ctx.Response.WriteAsync("ok");
                return;
            }

            var buffer = new byte[16 * 1024];
            try
            {
                while (await ctx.Request.Body.ReadAsync(buffer, ctx.RequestAborted) > 0)
                {
                    reading.TrySetResult();
                }

                outcome.TrySetResult("the body ended normally");
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or Microsoft.AspNetCore.Connections.ConnectionAbortedException)
            {
                outcome.TrySetResult("aborted");
            }
        });
        await using var b = backend;
        await using var p = proxy;
        var connections = new ConnectionCounter();
        using var client = Http2Clients.Create(connections: connections);
        using var cts = new CancellationTokenSource();
        var content = new StallingContent(32 * 1024);
        var send = client.PostAsync(new Uri(proxy.Url("proxy"), "/upload"), content, cts.Token);
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);

        Assert.Equal("aborted", await outcome.Task.WaitAsync(TimeSpan.FromSeconds(10)));

        // A reset stream does not take the connection down.
        using var next = await client.GetAsync(new Uri(proxy.Url("proxy"), "/next"));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(1, connections.Count);
    }

    [Fact]
    public async Task UpstreamResetMidResponse_ClientSeesStreamErrorNotAShortBody()
    {
        var headersSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (backend, proxy) = await StartAsync(async ctx =>
        {
            // No content-length: only the reset tells the client that the body is incomplete.
            await ctx.Response.Body.WriteAsync(new byte[10_000]);
            await ctx.Response.Body.FlushAsync();
            await headersSeen.Task.WaitAsync(TimeSpan.FromSeconds(10));
            ctx.Abort(); // RST_STREAM to the proxy
        });
        await using var b = backend;
        await using var p = proxy;
        using var client = Http2Clients.Create();
        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/x"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        headersSeen.SetResult();
        var error = await Record.ExceptionAsync(async () => await response.Content.ReadAsByteArrayAsync());
        Assert.True(error is HttpRequestException or IOException, $"expected a broken body, got {error?.GetType().Name ?? "a clean short body"}");
    }

    [Fact]
    public async Task UpstreamResetBeforeResponse_Returns502OverHttp2()
    {
        var (backend, proxy) = await StartAsync(ctx =>
        {
            ctx.Abort();
            return Task.CompletedTask;
        });
        await using var b = backend;
        await using var p = proxy;
        using var client = Http2Clients.Create();
        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/x"));
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    [Fact]
    public async Task Stop_StreamInFlight_CompletesThenListenerCloses()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (backend, proxy) = await StartAsync(async ctx =>
        {
            arrived.TrySetResult();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(20));
            await ctx.Response.WriteAsync("finished");
        });
        await using var b = backend;
        var address = proxy.Address("proxy");
        using var client = Http2Clients.Create();
        var inFlight = client.GetAsync(new Uri(proxy.Url("proxy"), "/slow"));
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var stopping = proxy.Server.StopAsync(TimeSpan.FromSeconds(20));

        // Draining has begun once the listener refuses new connections; the stream is still in flight.
        for (var refused = false; !refused;)
        {
            using var probe = new System.Net.Sockets.TcpClient();
            try
            {
                await probe.ConnectAsync(address).WaitAsync(TimeSpan.FromSeconds(10));
                await Task.Delay(20);
            }
            catch (System.Net.Sockets.SocketException)
            {
                refused = true;
            }
        }

        Assert.False(stopping.IsCompleted, "the proxy stopped with a stream in flight");
        release.SetResult();
        using var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("finished", await response.Content.ReadAsStringAsync());
        await stopping.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
