using Microsoft.AspNetCore.Http;
using System.Net;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Proxy;

/// <summary>Hostile HTTP/1 input through the real listener: the right status, the connection closed, nothing reaches the backend.</summary>
public sealed class MalformedRequestTests : IAsyncLifetime
{
    private KestrelBackend _backend = null!;
    private ProxyInstance _proxy = null!;

    public async Task InitializeAsync()
    {
        _backend = await KestrelBackend.StartAsync("a");
        _proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", _backend.Address)}]"));
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Theory]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "400")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", "400")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n\r\n", "400")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n", "400")]
    [InlineData("GET / HTTP/1.1\r\nHost : a\r\n\r\n", "400")]
    [InlineData("GET / HTTP/1.1\r\n\r\n", "400")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "400")]
    [InlineData("GET / HTTP/2.5\r\nHost: a\r\n\r\n", "505")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", "400")]
    [InlineData("GET / HTTP/1.1\nHost: a\n\n", "400")]
    public async Task BadRequest_IsRejectedWithStatus_AndNeverForwarded(string raw, string status)
    {
        var response = await Clients.RawAsync(_proxy.Address("proxy"), raw);
        Assert.StartsWith($"HTTP/1.1 {status}", response, StringComparison.Ordinal);
        Assert.Equal(0, _backend.Requests);
    }

    /// <summary>
    /// A bad chunk size is found in the body, after the headers may already have gone upstream (the proxy streams bodies,
    /// and the bytes can arrive in two reads): the client gets 400 and the upstream request is reset, so the backend
    /// never receives a complete request.
    /// </summary>
    [Fact]
    public async Task BadChunkSize_Returns400_UpstreamNeverGetsACompleteRequest()
    {
        var completed = 0;
        await using var backend = await KestrelBackend.StartAsync("b", async ctx =>
        {
            try
            {
                await ctx.Request.Body.CopyToAsync(Stream.Null);
                Interlocked.Increment(ref completed);
                await ctx.Response.WriteAsync("got it");
            }
            catch (Exception ex) when (ex is IOException or Microsoft.AspNetCore.Connections.ConnectionResetException or BadHttpRequestException or OperationCanceledException)
            {
                // The proxy reset the upstream request: what the test expects.
            }
        });
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", backend.Address)}]"));

        var response = await Clients.RawAsync(proxy.Address("proxy"), "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");

        Assert.StartsWith("HTTP/1.1 400", response, StringComparison.Ordinal);
        await Task.Delay(200); // a forwarded request would complete within this
        Assert.Equal(0, Volatile.Read(ref completed));
    }

    [Fact]
    public async Task OversizeRequestLine_Returns414()
    {
        var response = await Clients.RawAsync(_proxy.Address("proxy"), $"GET /{new string('a', 70_000)} HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 414", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizeHeaders_Returns431()
    {
        var headers = string.Concat(Enumerable.Range(0, 200).Select(i => $"X-H{i}: {new string('v', 400)}\r\n"));
        var response = await Clients.RawAsync(_proxy.Address("proxy"), $"GET / HTTP/1.1\r\nHost: a\r\n{headers}\r\n");
        Assert.StartsWith("HTTP/1.1 431", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageBytes_ConnectionClosed_OtherClientsUnaffected()
    {
        var garbage = await Clients.RawAsync(_proxy.Address("proxy"), "\u0001\u0002\u0003\u0004 garbage garbage\r\n\r\n");
        Assert.DoesNotContain("200", garbage, StringComparison.Ordinal);
        using var client = Clients.Create();
        using var ok = await client.GetAsync(new Uri(_proxy.Url("proxy"), "/fine"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Pipelined_TwoRequests_BothAnsweredInOrder()
    {
        var response = await Clients.RawAsync(
            _proxy.Address("proxy"),
            "GET /one HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        var first = response.IndexOf("a /one", StringComparison.Ordinal);
        var second = response.IndexOf("a /two", StringComparison.Ordinal);
        Assert.True(first >= 0 && second > first, response);
    }

    [Fact]
    public async Task Http10_NoKeepAlive_ClosedAfterResponse()
    {
        var response = await Clients.RawAsync(_proxy.Address("proxy"), "GET /ten HTTP/1.0\r\nHost: a\r\n\r\n", TimeSpan.FromSeconds(5));
        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.EndsWith("a /ten", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_ResponseHasNoBody()
    {
        var response = await Clients.RawAsync(_proxy.Address("proxy"), "HEAD /h HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpectContinue_ClientGets100ThenResponse()
    {
        var response = await Clients.RawAsync(
            _proxy.Address("proxy"),
            "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\nhello");
        Assert.StartsWith("HTTP/1.1 100", response, StringComparison.Ordinal);
        var final = response.IndexOf("HTTP/1.1 200", StringComparison.Ordinal);
        Assert.True(final > 0, response);
        Assert.Contains("hello", response[final..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtendConfigBodyLimit_OversizeBody_Returns413AndNothingForwarded()
    {
        await using var backend = await KestrelBackend.StartAsync("limited");
        var config = Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", backend.Address)}]",
            extraProxyConfig: """, "extend_config": { "Http1": { "max_request_body_size": 1000 } }""");
        await using var proxy = await ProxyInstance.StartAsync(config);
        var declared = await Clients.RawAsync(proxy.Address("proxy"), "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 413", declared, StringComparison.Ordinal);
        Assert.Equal(0, backend.Requests);

        using var client = Clients.Create();
        using var small = await client.PostAsync(new Uri(proxy.Url("proxy"), "/echo"), new ByteArrayContent(new byte[500]));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }
}
