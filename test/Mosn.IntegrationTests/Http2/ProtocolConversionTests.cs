using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Http2;

/// <summary>
/// The proxy converting between HTTP/1.1 and HTTP/2: HTTP/1.1 clients to an h2c backend (downstream Http1, upstream
/// Http2) and h2c clients to an HTTP/1.1 backend (downstream Http2, upstream Http1).
/// </summary>
public sealed class ProtocolConversionTests
{
    /// <summary>Connection-specific fields (RFC 9113 section 8.2.2) an HTTP/1.1 client may send; none may reach HTTP/2.</summary>
    private static readonly string[] ConnectionSpecific = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "x-hop"];

    private static async Task<(KestrelBackend Backend, ProxyInstance Proxy)> StartAsync(string downstream, string upstream, Func<HttpContext, Task>? custom = null)
    {
        var backend = await KestrelBackend.StartAsync("b", custom, upstream == "Http2" ? HttpProtocols.Http2 : HttpProtocols.Http1);
        try
        {
            var config = Configs.Proxy(downstream, upstream, Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", backend.Address)}]");
            return (backend, await ProxyInstance.StartAsync(config));
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    private static HttpRequestMessage Http1Request(HttpMethod method, Uri uri) => new(method, uri)
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    [Fact]
    public async Task Http1ToHttp2_HostHeader_BackendSeesItAsAuthorityOverHttp2()
    {
        var (backend, proxy) = await StartAsync("Http1", "Http2", InspectHandler.HandleAsync);
        await using var b = backend;
        await using var p = proxy;
        using var client = Clients.Create();
        using var request = Http1Request(HttpMethod.Get, new Uri(proxy.Url("proxy"), "/path?q=1"));
        request.Headers.Host = "example.test:8080";
        request.Headers.TryAddWithoutValidation("x-normal", "kept");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        var seen = InspectHandler.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("HTTP/2", seen["protocol"]);
        Assert.Equal("GET", seen["method"]);
        Assert.Equal("example.test:8080", seen["host"]);
        Assert.Equal("/path?q=1", seen["target"]);
        Assert.Equal("kept", seen["h:x-normal"]);
    }

    [Fact]
    public async Task Http1ToHttp2_ConnectionSpecificHeaders_NotForwardedAndTeTrailersKept()
    {
        var (backend, proxy) = await StartAsync("Http1", "Http2", InspectHandler.HandleAsync);
        await using var b = backend;
        await using var p = proxy;
        using var client = Clients.Create();
        using var request = Http1Request(HttpMethod.Post, new Uri(proxy.Url("proxy"), "/inspect"));
        request.Headers.Connection.Add("keep-alive");
        request.Headers.Connection.Add("x-hop");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("Proxy-Connection", "keep-alive");
        request.Headers.TryAddWithoutValidation("x-hop", "must not be forwarded");
        request.Headers.TryAddWithoutValidation("x-normal", "kept");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        request.Content = new DuplexContent(new byte[1000], declareLength: false); // Transfer-Encoding: chunked
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = InspectHandler.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("HTTP/2", seen["protocol"]);
        Assert.Equal("1000", seen["body-length"]);
        Assert.Equal("kept", seen["h:x-normal"]);
        Assert.Equal("trailers", seen["h:te"]);
        foreach (var name in ConnectionSpecific)
        {
            Assert.False(seen.ContainsKey("h:" + name), $"{name} reached the HTTP/2 backend");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public async Task Http1ToHttp2_ChunkedUpload_EchoedBackChunkedIdentical(int size)
    {
        var (backend, proxy) = await StartAsync("Http1", "Http2");
        await using var b = backend;
        await using var p = proxy;
        using var client = Clients.Create();
        var payload = new byte[size];
        new Random(size).NextBytes(payload);
        using var content = new DuplexContent(payload, declareLength: false);
        using var response = await client.PostAsync(new Uri(proxy.Url("proxy"), "/echo"), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        // The HTTP/2 response had no content-length: HTTP/1.1 frames it with chunked encoding, not by closing.
        Assert.True(response.Headers.TransferEncodingChunked == true || response.Content.Headers.ContentLength == size, "the response body is not delimited");
        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Http1ToHttp2_LargeChunkedUploadAndLengthDownload_CountsMatch()
    {
        var (backend, proxy) = await StartAsync("Http1", "Http2");
        await using var b = backend;
        await using var p = proxy;
        using var client = Clients.Create();
        const long size = 20_000_000;
        using var upload = await client.PostAsync(new Uri(proxy.Url("proxy"), "/count"), new DuplexContent(new GeneratedStream(size), declareLength: false));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal(size.ToString(System.Globalization.CultureInfo.InvariantCulture), await upload.Content.ReadAsStringAsync());

        using var download = await client.GetAsync(new Uri(proxy.Url("proxy"), $"/big?n={size}&cl=1"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(size, download.Content.Headers.ContentLength);
        Assert.Equal(size, (await download.Content.ReadAsByteArrayAsync()).LongLength);
    }

    [Fact]
    public async Task Http2ToHttp1_Authority_BackendSeesItAsHostOverHttp11()
    {
        var (backend, proxy) = await StartAsync("Http2", "Http1", InspectHandler.HandleAsync);
        await using var b = backend;
        await using var p = proxy;
        using var client = Http2Clients.Create();
        using var request = Http2Clients.Request(HttpMethod.Get, new Uri(proxy.Url("proxy"), "/path?q=1"));
        request.Headers.Host = "example.test:8080";
        request.Headers.TryAddWithoutValidation("x-normal", "kept");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        var seen = InspectHandler.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("HTTP/1.1", seen["protocol"]);
        Assert.Equal("example.test:8080", seen["host"]);
        Assert.Equal("/path?q=1", seen["target"]);
        Assert.Equal("kept", seen["h:x-normal"]);
        Assert.DoesNotContain(seen.Keys, k => k.StartsWith("h::", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Http2ToHttp1_TeTrailers_KeptForTheBackend()
    {
        var (backend, proxy) = await StartAsync("Http2", "Http1", InspectHandler.HandleAsync);
        await using var b = backend;
        await using var p = proxy;
        using var client = Http2Clients.Create();
        using var request = Http2Clients.Request(HttpMethod.Get, new Uri(proxy.Url("proxy"), "/te"));
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = InspectHandler.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("trailers", seen["h:te"]);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(100_000, false)]
    [InlineData(3_000_000, false)]
    [InlineData(3_000_000, true)]
    public async Task Http2ToHttp1_UploadWithOrWithoutLength_BackendGetsItFramedAndIdentical(int size, bool contentLength)
    {
        var (backend, proxy) = await StartAsync("Http2", "Http1", InspectHandler.HandleAsync);
        await using var b = backend;
        await using var p = proxy;
        using var client = Http2Clients.Create();
        var payload = new byte[size];
        new Random(size).NextBytes(payload);
        using var response = await client.PostAsync(new Uri(proxy.Url("proxy"), "/upload"), new DuplexContent(payload, contentLength));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = InspectHandler.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("HTTP/1.1", seen["protocol"]);
        Assert.Equal(size.ToString(System.Globalization.CultureInfo.InvariantCulture), seen["body-length"]);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(payload)), seen["body-sha256"]);
        // HTTP/1.1 needs framing: the declared length, or chunked when the HTTP/2 request had none.
        Assert.True(
            seen.GetValueOrDefault("h:content-length") == size.ToString(System.Globalization.CultureInfo.InvariantCulture) || seen.GetValueOrDefault("h:transfer-encoding") == "chunked",
            "the upstream request body has no framing");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_000)]
    [InlineData(3_000_000)]
    public async Task Http2ToHttp1_ChunkedResponse_ArrivesIdenticalWithoutConnectionHeaders(int size)
    {
        var (backend, proxy) = await StartAsync("Http2", "Http1", async ctx =>
        {
            ctx.Response.Headers["Keep-Alive"] = "timeout=5";
            ctx.Response.Headers["x-normal"] = "kept";
            await ctx.Response.StartAsync(); // no content-length: Kestrel sends Transfer-Encoding: chunked
            var chunk = new byte[10_000];
            for (var sent = 0; sent < size; sent += chunk.Length)
            {
                var n = Math.Min(chunk.Length, size - sent);
                for (var i = 0; i < n; i++)
                {
                    chunk[i] = (byte)((sent + i) % 251);
                }

                await ctx.Response.Body.WriteAsync(chunk.AsMemory(0, n));
            }
        });
        await using var b = backend;
        await using var p = proxy;
        using var client = Http2Clients.Create();
        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/chunked"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(size, body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != (byte)(i % 251))
            {
                Assert.Fail($"byte {i} differs");
            }
        }

        Assert.Equal("kept", response.Headers.GetValues("x-normal").Single());
        Assert.False(response.Headers.Contains("keep-alive"), "keep-alive reached the HTTP/2 client");
        Assert.False(response.Headers.Contains("connection"), "connection reached the HTTP/2 client");
        Assert.Null(response.Headers.TransferEncodingChunked);
    }
}
