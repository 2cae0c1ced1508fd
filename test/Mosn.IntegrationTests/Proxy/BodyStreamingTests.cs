using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Proxy;

[Collection(SerialCollection.Name)]
public sealed class BodyStreamingTests
{
    private static async Task<(KestrelBackend Backend, ProxyInstance Proxy)> StartAsync()
    {
        var backend = await KestrelBackend.StartAsync("a");
        var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", backend.Address)}]"));
        return (backend, proxy);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(100_000, true)]
    [InlineData(100_000, false)]
    [InlineData(5_000_000, false)]
    public async Task Echo_BodyWithLengthOrChunked_ComesBackIdentical(int size, bool contentLength)
    {
        var (backend, proxy) = await StartAsync();
        await using var b = backend;
        await using var p = proxy;
        using var client = Clients.Create();
        var payload = new byte[size];
        new Random(size).NextBytes(payload);
        HttpContent content = contentLength ? new ByteArrayContent(payload) : new StreamContent(new MemoryStream(payload));
        if (!contentLength)
        {
            content.Headers.ContentLength = null; // forces Transfer-Encoding: chunked
        }

        using var response = await client.PostAsync(new Uri(proxy.Url("proxy"), "/echo"), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Upload_1GiBChunked_StreamsThroughWithFlatMemory()
    {
        var (backend, proxy) = await StartAsync();
        await using var b = backend;
        await using var p = proxy;
        using var client = Clients.Create(TimeSpan.FromMinutes(3));
        const long size = 1L << 30;
        var before = Process.GetCurrentProcess().WorkingSet64;
        var content = new StreamContent(new GeneratedStream(size), 64 * 1024);
        using var response = await client.PostAsync(new Uri(proxy.Url("proxy"), "/count"), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(size, long.Parse(await response.Content.ReadAsStringAsync(), CultureInfo.InvariantCulture));
        var growth = Process.GetCurrentProcess().WorkingSet64 - before;
        // Client, proxy and backend share this process: 1 GiB went through; memory must not grow with the body.
        Assert.True(growth < 256L * 1024 * 1024, $"working set grew by {growth / (1024 * 1024)} MiB");
    }

    [Fact]
    public async Task Download_1GiB_StreamsThroughWithFlatMemory()
    {
        var (backend, proxy) = await StartAsync();
        await using var b = backend;
        await using var p = proxy;
        using var client = Clients.Create(TimeSpan.FromMinutes(3));
        const long size = 1L << 30;
        var before = Process.GetCurrentProcess().WorkingSet64;
        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), $"/big?n={size}"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            total += n;
        }

        Assert.Equal(size, total);
        var growth = Process.GetCurrentProcess().WorkingSet64 - before;
        Assert.True(growth < 256L * 1024 * 1024, $"working set grew by {growth / (1024 * 1024)} MiB");
    }

    [Fact]
    public async Task SlowClient_LargeResponse_BackendIsThrottled()
    {
        long written = 0;
        const long size = 256L * 1024 * 1024;
        await using var backend = await KestrelBackend.StartAsync("fast", async ctx =>
        {
            ctx.Response.ContentLength = size;
            var chunk = new byte[64 * 1024];
            for (long sent = 0; sent < size; sent += chunk.Length)
            {
                await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
                Interlocked.Add(ref written, chunk.Length);
            }
        });
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", backend.Address)}]"));
        using var client = Clients.Create(TimeSpan.FromMinutes(2));
        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/slow"), HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[16 * 1024];
        long total = 0;
        // Read slowly for a while. With backpressure the backend can only get ahead of the client by the socket and
        // proxy buffers (a few MiB on loopback); without it, it would have written all 256 MiB into the proxy by now.
        for (var i = 0; i < 40; i++)
        {
            total += await stream.ReadAsync(buffer);
            await Task.Delay(25);
        }

        var ahead = Interlocked.Read(ref written) - total;
        Assert.True(ahead < 48L * 1024 * 1024, $"backend got {ahead / (1024 * 1024)} MiB ahead of a slow client");
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            total += n;
        }

        Assert.Equal(size, total);
    }

    [Fact]
    public async Task KeepAlive_ManyRequests_BackendSeesFewConnections()
    {
        var (backend, proxy) = await StartAsync();
        await using var b = backend;
        await using var p = proxy;
        using var client = Clients.Create();
        for (var i = 0; i < 100; i++)
        {
            using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), $"/k{i}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(100, backend.Requests);
        Assert.True(backend.Connections <= 2, $"backend saw {backend.Connections} connections for 100 sequential requests");
    }

    [Fact]
    public async Task Concurrent_ManyClients_AllAnsweredAndPoolReused()
    {
        var (backend, proxy) = await StartAsync();
        await using var b = backend;
        await using var p = proxy;
        using var client = Clients.Create();
        var tasks = Enumerable.Range(0, 16).Select(async worker =>
        {
            for (var i = 0; i < 50; i++)
            {
                using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), $"/w{worker}/{i}"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal($"a /w{worker}/{i}", await response.Content.ReadAsStringAsync());
            }
        });
        await Task.WhenAll(tasks);
        Assert.Equal(800, backend.Requests);
        Assert.True(backend.Connections < 100, $"backend saw {backend.Connections} connections for 800 requests");
    }
}
