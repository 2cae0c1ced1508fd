using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Http2;

/// <summary>Real HTTP/2 tools against the proxy: curl with prior knowledge, and h2load for load with many streams.</summary>
public sealed partial class CurlAndH2loadTests
{
    private static async Task<(KestrelBackend Backend, ProxyInstance Proxy)> StartAsync(string upstream)
    {
        var backend = await KestrelBackend.StartAsync("b", protocols: upstream == "Http2" ? HttpProtocols.Http2 : HttpProtocols.Http1);
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
    public async Task Curl_Http2PriorKnowledgeGet_Http2200WithBody()
    {
        var (backend, proxy) = await StartAsync("Http2");
        await using var b = backend;
        await using var p = proxy;
        var result = await ExternalTool.RunAsync("curl", "curl", TimeSpan.FromSeconds(30),
            "-sS", "--http2-prior-knowledge", "-D", "-", "-w", "\n%{http_version} %{http_code}", new Uri(proxy.Url("proxy"), "/hello").ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("HTTP/2 200", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("x-backend: b", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("b /hello\n2 200", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Http2")]
    [InlineData("Http1")]
    public async Task Curl_Http2PriorKnowledgePost_BodyEchoedIdentical(string upstream)
    {
        var (backend, proxy) = await StartAsync(upstream);
        await using var b = backend;
        await using var p = proxy;
        var dir = Directory.CreateTempSubdirectory("mosn-curl-").FullName;
        try
        {
            var payload = new byte[3_000_000];
            new Random(7).NextBytes(payload);
            var input = Path.Combine(dir, "in.bin");
            var output = Path.Combine(dir, "out.bin");
            await File.WriteAllBytesAsync(input, payload);
            var result = await ExternalTool.RunAsync("curl", "curl", TimeSpan.FromSeconds(30),
                "-sS", "--http2-prior-knowledge", "--data-binary", "@" + input, "-H", "content-type: application/octet-stream",
                "-o", output, "-w", "%{http_version} %{http_code} %{size_download}", new Uri(proxy.Url("proxy"), "/echo").ToString());
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal($"2 200 {payload.Length}", result.Stdout);
            Assert.Equal(SHA256.HashData(payload), SHA256.HashData(await File.ReadAllBytesAsync(output)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("Http2", 20_000)]
    [InlineData("Http1", 5_000)]
    public async Task H2load_ManyStreamsOnTenConnections_AllSucceedWith2xx(string upstream, int requests)
    {
        var (backend, proxy) = await StartAsync(upstream);
        await using var b = backend;
        await using var p = proxy;
        var result = await ExternalTool.RunAsync("h2load", "nghttp2-client", TimeSpan.FromMinutes(2),
            "-n", requests.ToString(CultureInfo.InvariantCulture), "-c", "10", "-m", "20", new Uri(proxy.Url("proxy"), "/hello").ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        // "requests: 20000 total, 20000 started, 20000 done, 20000 succeeded, 0 failed, 0 errored, 0 timeout"
        var summary = RequestsLine().Match(result.Stdout);
        Assert.True(summary.Success, result.ToString());
        Assert.Equal(requests, int.Parse(summary.Groups["done"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(requests, int.Parse(summary.Groups["succeeded"].Value, CultureInfo.InvariantCulture));
        Assert.Equal("0", summary.Groups["failed"].Value);
        Assert.Equal("0", summary.Groups["errored"].Value);
        Assert.Equal("0", summary.Groups["timeout"].Value);
        // "status codes: 20000 2xx, 0 3xx, 0 4xx, 0 5xx"
        var codes = StatusLine().Match(result.Stdout);
        Assert.True(codes.Success, result.ToString());
        Assert.Equal(requests, int.Parse(codes.Groups["ok"].Value, CultureInfo.InvariantCulture));
        Assert.Contains("h2c", result.Stdout, StringComparison.Ordinal); // the negotiated protocol line: "Application protocol: h2c"
        Assert.Equal(requests, backend.Requests);
    }

    [GeneratedRegex(@"requests: (?<total>\d+) total, (?<started>\d+) started, (?<done>\d+) done, (?<succeeded>\d+) succeeded, (?<failed>\d+) failed, (?<errored>\d+) errored, (?<timeout>\d+) timeout")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"status codes: (?<ok>\d+) 2xx, (?<redirect>\d+) 3xx, (?<client>\d+) 4xx, (?<server>\d+) 5xx")]
    private static partial Regex StatusLine();
}
