using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Extensions;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Proxy;

/// <summary>
/// The codecs' header maps are reused across requests (<c>HeaderMapPool</c>, returned by the proxy when a stream
/// ends): every request and response must still carry exactly its own headers, whatever ran before it on the same
/// connection or event loop, and a late reader must never see another request's headers.
/// </summary>
public sealed class HeaderMapReuseTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mosn-mapreuse-it-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>
    /// Echoes the request's identity: <c>x-echo-id</c> and <c>x-n</c> response headers named <c>x-s-*</c> carrying the
    /// request's <c>x-test-id</c>, and a body listing the id and the request's <c>x-r-*</c> header names and values.
    /// </summary>
    private static async Task EchoIdentityAsync(HttpContext ctx)
    {
        var id = ctx.Request.Headers["x-test-id"].ToString();
        var n = int.Parse(ctx.Request.Headers["x-n"].ToString(), CultureInfo.InvariantCulture);
        ctx.Response.Headers["x-echo-id"] = id;
        for (var i = 0; i < n; i++)
        {
            ctx.Response.Headers["x-s-" + i.ToString(CultureInfo.InvariantCulture)] = id;
        }

        var fields = ctx.Request.Headers
            .Where(h => h.Key.StartsWith("x-r-", StringComparison.OrdinalIgnoreCase))
            .Select(h => $"{h.Key.ToLowerInvariant()}={h.Value}")
            .Order(StringComparer.Ordinal);
        await ctx.Response.WriteAsync(id + "|" + string.Join(",", fields));
    }

    /// <summary>Request <paramref name="i"/> of a client: its own id, 0–69 <c>x-r-*</c> fields, and 0–89 asked-for response fields.</summary>
    private static (HttpRequestMessage Request, string ExpectedBody, int ResponseFields) Build(Uri proxy, string id, int i, bool http2)
    {
        var request = http2 ? Http2Clients.Request(HttpMethod.Get, new Uri(proxy, "/who")) : new HttpRequestMessage(HttpMethod.Get, new Uri(proxy, "/who"));
        request.Headers.Add("x-test-id", id);
        var responseFields = i * 7 % 90; // crosses the pool's kept capacity (64 entries) both ways
        request.Headers.Add("x-n", responseFields.ToString(CultureInfo.InvariantCulture));
        var fields = new List<string>();
        for (var k = 0; k < i * 13 % 70; k++)
        {
            var name = "x-r-" + k.ToString(CultureInfo.InvariantCulture);
            request.Headers.Add(name, id);
            fields.Add($"{name}={id}");
        }

        fields.Sort(StringComparer.Ordinal);
        return (request, id + "|" + string.Join(",", fields), responseFields);
    }

    private static async Task AssertOwnHeadersAsync(HttpResponseMessage response, string id, string expectedBody, int responseFields)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, Assert.Single(response.Headers.GetValues("x-echo-id")));
        var echoed = response.Headers.Where(h => h.Key.StartsWith("x-s-", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(responseFields, echoed.Count);
        Assert.All(echoed, h => Assert.Equal(id, Assert.Single(h.Value)));
        Assert.Equal(expectedBody, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Http1_ManyRequestsOnSeveralKeepAliveConnections_EachSeesOnlyItsOwnHeaders()
    {
        await using var backend = await KestrelBackend.StartAsync("b", EchoIdentityAsync);
        var logPath = Path.Combine(_dir, "access.log");
        var config = Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", backend.Address)}]")
            .Replace("\"bind_port\": true,", $$"""
                "bind_port": true,
                "access_logs": [{ "log_path": "{{logPath}}", "log_format": "%REQ.x-test-id% %RESP.x-echo-id% %RESP.x-s-0%" }],
                """, StringComparison.Ordinal);
        var proxy = await ProxyInstance.StartAsync(config);
        var ids = new ConcurrentBag<string>();
        try
        {
            var clients = Enumerable.Range(0, 4).Select(async c =>
            {
                using var client = Clients.Create(); // one request at a time: one keep-alive connection per client
                for (var i = 0; i < 60; i++)
                {
                    var id = string.Create(CultureInfo.InvariantCulture, $"c{c}-r{i}");
                    var (request, expectedBody, responseFields) = Build(proxy.Url("proxy"), id, i, http2: false);
                    using (request)
                    {
                        using var response = await client.SendAsync(request);
                        await AssertOwnHeadersAsync(response, id, expectedBody, responseFields);
                    }

                    ids.Add(id);
                }
            });
            await Task.WhenAll(clients);
        }
        finally
        {
            await proxy.DisposeAsync(); // flushes the access log
        }

        // The access log reads both maps at the stream's end, just before they go back to the pool.
        var lines = (await File.ReadAllTextAsync(logPath)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ids.Order(StringComparer.Ordinal), lines.Select(l => l.Split(' ')[0]).Order(StringComparer.Ordinal));
        Assert.All(lines, line =>
        {
            var f = line.Split(' ');
            Assert.Equal(f[0], f[1]);
            var i = int.Parse(f[0][(f[0].IndexOf('r', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture);
            Assert.Equal(i * 7 % 90 > 0 ? f[0] : "-", f[2]);
        });
    }

    [Theory]
    [InlineData("Http1")]
    [InlineData("Http2")]
    public async Task Http2Downstream_ConcurrentStreamsOnOneConnection_EachSeesOnlyItsOwnHeaders(string upstream)
    {
        await using var backend = await KestrelBackend.StartAsync("b", EchoIdentityAsync, upstream == "Http2" ? HttpProtocols.Http2 : HttpProtocols.Http1);
        await using var proxy = await ProxyInstance.StartAsync(Configs.Proxy("Http2", upstream, Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", backend.Address)}]"));
        using var client = Http2Clients.Create();
        var workers = Enumerable.Range(0, 8).Select(async w =>
        {
            for (var i = 0; i < 30; i++)
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"w{w}-r{i}");
                var (request, expectedBody, responseFields) = Build(proxy.Url("proxy"), id, i + w, http2: true);
                using (request)
                {
                    using var response = await client.SendAsync(request);
                    Assert.Equal(HttpVersion.Version20, response.Version);
                    await AssertOwnHeadersAsync(response, id, expectedBody, responseFields);
                }
            }
        });
        await Task.WhenAll(workers);
    }

    [Fact]
    public async Task StreamFilter_ReadsRequestHeadersAfterItsStreamEnded_SeesNoneEvenWhileALaterRequestIsInFlight()
    {
        await using var backend = await KestrelBackend.StartAsync("b");
        var late = new LateHeaderReaderFactory();
        var filters = """[{ "type": "late_header_reader", "config": {} }]""";
        await using var proxy = await ProxyInstance.StartAsync(
            Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", backend.Address)}]", filters),
            registry => registry.AddStreamFilter(late));
        using var client = Clients.Create();

        using (var first = new HttpRequestMessage(HttpMethod.Get, new Uri(proxy.Url("proxy"), "/first")))
        {
            first.Headers.Add("x-test-id", "first");
            using var response = await client.SendAsync(first);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The filter is destroyed as the proxy ends the stream, which may be just after the client has the response.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (late.Reads.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        // The first stream's filter reads its handler's headers 300 ms after the stream ended, while the second request
        // (same connection, same event loop: its map is likely the first one's, reused) waits for a slow backend.
        using var second = new HttpRequestMessage(HttpMethod.Get, new Uri(proxy.Url("proxy"), "/delay/1500"));
        second.Headers.Add("x-test-id", "second");
        var secondResponse = client.SendAsync(second);
        var reads = late.Reads.ToArray();
        var (duringStream, afterEnd) = await Assert.Single(reads);
        Assert.Equal("first", duringStream);
        Assert.Null(afterEnd);
        Assert.False(secondResponse.IsCompleted); // the read happened while the second request was in flight
        using var secondResult = await secondResponse;
        Assert.Equal(HttpStatusCode.OK, secondResult.StatusCode);
    }

    /// <summary>A stream filter that keeps its handler past the stream's end and reads the request headers later.</summary>
    private sealed class LateHeaderReaderFactory : IStreamFilterFactory, IStreamFilterChainFactory
    {
        public ConcurrentQueue<Task<(string? DuringStream, string? AfterEnd)>> Reads { get; } = new();

        public string Name => "late_header_reader";

        public IStreamFilterChainFactory? CreateFactory(JsonElement config, string path, ConfigDiagnostics diagnostics, IFilterFactoryContext context) => this;

        public void CreateFilterChain(IStreamFilterChainBuilder builder) => builder.AddReceiverFilter(new LateHeaderReader(this), StreamFilterPhase.BeforeRoute);
    }

    private sealed class LateHeaderReader(LateHeaderReaderFactory factory) : IStreamReceiverFilter
    {
        private IStreamReceiverFilterHandler? _handler;

        public StreamFilterStatus OnReceive(IStreamReceiverFilterHandler handler, IHeaderMap headers, bool endStream)
        {
            _handler = handler;
            return StreamFilterStatus.Continue;
        }

        public void OnDestroy()
        {
            var handler = _handler!;
            var duringStream = handler.RequestHeaders.Get("x-test-id"); // still the stream's own: destroy precedes the release
            factory.Reads.Enqueue(Task.Run(async () =>
            {
                await Task.Delay(300);
                return (duringStream, handler.RequestHeaders.Get("x-test-id"));
            }));
        }
    }
}
