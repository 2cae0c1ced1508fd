using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Http2;

/// <summary>
/// <c>"downstream_protocol": "Auto"</c>: the proxy detects HTTP/1.1 and h2c with prior knowledge (the connection
/// preface) per connection, so both kinds of clients share one listener port.
/// </summary>
public sealed class AutoProtocolTests
{
    private static Task WriteProtocolAsync(HttpContext ctx) => ctx.Response.WriteAsync($"{ctx.Request.Protocol} {ctx.Request.Path}");

    private static async Task<(KestrelBackend Backend, ProxyInstance Proxy)> StartAsync(string upstream)
    {
        var backend = await KestrelBackend.StartAsync("b", WriteProtocolAsync, upstream == "Http2" ? HttpProtocols.Http2 : HttpProtocols.Http1);
        try
        {
            var config = Configs.Proxy("Auto", upstream, Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", backend.Address)}]");
            return (backend, await ProxyInstance.StartAsync(config));
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    [Theory]
    [InlineData("Http1", "HTTP/1.1")]
    [InlineData("Http2", "HTTP/2")]
    public async Task Auto_Http11AndH2cClientsOnSamePort_BothAnswered(string upstream, string backendProtocol)
    {
        var (backend, proxy) = await StartAsync(upstream);
        await using var b = backend;
        await using var p = proxy;
        using var http1 = Clients.Create();
        using var http2 = Http2Clients.Create();
        // Both kinds at once, several rounds each, so detection runs on many connections side by side.
        var tasks = Enumerable.Range(0, 40).Select(async i =>
        {
            var h2 = i % 2 == 1;
            using var response = await (h2 ? http2 : http1).GetAsync(new Uri(proxy.Url("proxy"), $"/r{i}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(h2 ? HttpVersion.Version20 : HttpVersion.Version11, response.Version);
            Assert.Equal($"{backendProtocol} /r{i}", await response.Content.ReadAsStringAsync());
        });
        await Task.WhenAll(tasks);
        Assert.Equal(40, backend.Requests);
    }

    [Fact]
    public async Task Auto_RawHttp10AndHttp11Requests_AnsweredAsHttp1()
    {
        var (backend, proxy) = await StartAsync("Http1");
        await using var b = backend;
        await using var p = proxy;
        var http10 = await Clients.RawAsync(proxy.Address("proxy"), "GET /old HTTP/1.0\r\nHost: x\r\n\r\n");
        Assert.StartsWith("HTTP/1.", http10, StringComparison.Ordinal);
        Assert.Contains(" 200 ", http10.Split("\r\n")[0], StringComparison.Ordinal);
        Assert.Matches(@"^HTTP/1\.[01] /old$", http10[(http10.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        var http11 = await Clients.RawAsync(proxy.Address("proxy"), "GET /new HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 ", http11, StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 /new", http11, StringComparison.Ordinal);
    }
}
