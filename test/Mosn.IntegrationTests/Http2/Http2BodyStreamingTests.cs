using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Http2;

/// <summary>
/// Hundreds of MiB through HTTP/2 streams (h2c client, proxy Http2 both ways, h2c backend): the body is streamed
/// under flow control, never buffered, so the process's memory stays flat.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class Http2BodyStreamingTests
{
    private const long Size = 512L * 1024 * 1024;

    /// <summary>Client, proxy and backend share this process: 512 MiB go through, memory must not grow with the body.</summary>
    private const long MaxGrowth = 192L * 1024 * 1024;

    private static async Task<(KestrelBackend Backend, ProxyInstance Proxy)> StartAsync(string upstream = "Http2")
    {
        var backend = await KestrelBackend.StartAsync("h2", protocols: upstream == "Http2" ? HttpProtocols.Http2 : HttpProtocols.Http1);
        try
        {
            var config = Configs.Proxy("Http2", upstream, Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", backend.Address)}]");
            return (backend, await ProxyInstance.StartAsync(config));
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task Upload_512MiBOverHttp2_StreamsThroughWithFlatMemory()
    {
        var (backend, proxy) = await StartAsync();
        await using var b = backend;
        await using var p = proxy;
        using var client = Http2Clients.Create(TimeSpan.FromMinutes(3));
        var before = Process.GetCurrentProcess().WorkingSet64;
        using var response = await client.PostAsync(new Uri(proxy.Url("proxy"), "/count"), new DuplexContent(new GeneratedStream(Size), declareLength: true));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Size, long.Parse(await response.Content.ReadAsStringAsync(), CultureInfo.InvariantCulture));
        var growth = Process.GetCurrentProcess().WorkingSet64 - before;
        Assert.True(growth < MaxGrowth, $"working set grew by {growth / (1024 * 1024)} MiB");
    }

    [Theory]
    [InlineData("Http2")]
    [InlineData("Http1")]
    public async Task Download_512MiBOverHttp2_StreamsThroughWithFlatMemory(string upstream)
    {
        var (backend, proxy) = await StartAsync(upstream);
        await using var b = backend;
        await using var p = proxy;
        using var client = Http2Clients.Create(TimeSpan.FromMinutes(3));
        var before = Process.GetCurrentProcess().WorkingSet64;
        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), $"/big?n={Size}"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            // Spot-check the pattern on the first byte of every read: /big repeats a 64 KiB chunk whose byte i is i % 251.
            Assert.Equal((byte)(total % (64 * 1024) % 251), buffer[0]);
            total += n;
        }

        Assert.Equal(Size, total);
        var growth = Process.GetCurrentProcess().WorkingSet64 - before;
        Assert.True(growth < MaxGrowth, $"working set grew by {growth / (1024 * 1024)} MiB");
    }
}
