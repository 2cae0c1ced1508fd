using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Mosn.Configuration;
using Mosn.Hosting;
using Mosn.IntegrationTests.Infrastructure;
using Mosn.Testing;

namespace Mosn.IntegrationTests.AccessLog;

/// <summary>Listener access logs written to a file by the real proxy, for HTTP/1 and HTTP/2 clients.</summary>
public sealed partial class AccessLogTests : IDisposable
{
    private const string Format =
        "%start_time%|%protocol%|%response_code%|%bytes_received%|%bytes_sent%|%response_flags%|%upstream_host%|%upstream_cluster%|" +
        "%downstream_local_address%|%downstream_remote_address%|%request_received_duration%|%response_received_duration%|%duration%|" +
        "%REQ.x-test-id%|%RESP.x-backend%|%REQ.:path%|%upstream_local_address%";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mosn-accesslog-it-" + Guid.NewGuid().ToString("N"));

    private string LogPath => Path.Combine(_dir, "logs", "access.log");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [GeneratedRegex(@"^-?(\d+(\.\d+)?(h|m|s|ms|µs|ns))+$")]
    private static partial Regex GoDuration();

    private string WithAccessLog(string config, string format = Format) =>
        config.Replace("\"bind_port\": true,", $$"""
            "bind_port": true,
            "access_logs": [{ "log_path": "{{LogPath}}", "log_format": "{{format}}" }],
            """, StringComparison.Ordinal);

    private async Task<string[][]> ReadLinesAsync(int expected)
    {
        var lines = (await File.ReadAllTextAsync(LogPath)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, lines.Length);
        return lines.Select(l => l.Split('|')).ToArray();
    }

    private static void AssertLine(string[] f, string protocol, int status, long received, long sent, string backend, string proxyAddress, string testId, string path)
    {
        Assert.Equal(17, f.Length);
        Assert.True(DateTime.TryParseExact(f[0], "yyyy/MM/dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var start), f[0]);
        Assert.True(Math.Abs((DateTime.Now - start).TotalMinutes) < 10, f[0]); // local time, not UTC
        Assert.Equal(protocol, f[1]);
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), f[2]);
        Assert.Equal(received.ToString(System.Globalization.CultureInfo.InvariantCulture), f[3]);
        Assert.Equal(sent.ToString(System.Globalization.CultureInfo.InvariantCulture), f[4]);
        Assert.Equal("-", f[5]);
        Assert.Equal(backend, f[6]);
        Assert.Equal("c", f[7]);
        Assert.Equal(proxyAddress, f[8]);
        Assert.StartsWith("127.0.0.1:", f[9], StringComparison.Ordinal);
        Assert.Matches(GoDuration(), f[10]);
        Assert.Matches(GoDuration(), f[11]);
        Assert.Matches(GoDuration(), f[12]);
        Assert.Equal(testId, f[13]);
        Assert.Equal("b", f[14]);
        Assert.Equal(path, f[15]);
        Assert.Matches(@"^127\.0\.0\.1:\d+$", f[16]); // the proxy's side of the upstream connection
        Assert.NotEqual(backend, f[16]);
    }

    [Fact]
    public async Task Http1_RequestsThroughProxy_OneLinePerRequestFieldByField()
    {
        await using var backend = await KestrelBackend.StartAsync("b");
        var proxy = await ProxyInstance.StartAsync(WithAccessLog(Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", backend.Address)}]")));
        var proxyAddress = $"127.0.0.1:{proxy.Address("proxy").Port}";
        using (var client = Clients.Create())
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(proxy.Url("proxy"), "/hello?x=1"));
            get.Headers.Add("x-test-id", "get-1");
            using var getResponse = await client.SendAsync(get);
            Assert.Equal("b /hello?x=1", await getResponse.Content.ReadAsStringAsync());

            using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(proxy.Url("proxy"), "/echo")) { Content = new ByteArrayContent(new byte[1234]) };
            post.Headers.Add("x-test-id", "post-2");
            using var postResponse = await client.SendAsync(post);
            Assert.Equal(1234, (await postResponse.Content.ReadAsByteArrayAsync()).Length);
        }

        await proxy.DisposeAsync(); // flushes and closes the log

        var lines = await ReadLinesAsync(2);
        AssertLine(lines[0], "Http1", 200, 0, "b /hello?x=1".Length, backend.Address, proxyAddress, "get-1", "/hello?x=1");
        AssertLine(lines[1], "Http1", 200, 1234, 1234, backend.Address, proxyAddress, "post-2", "/echo");
    }

    [Fact]
    public async Task Http2_RequestsThroughProxy_OneLinePerStreamFieldByField()
    {
        await using var backend = await KestrelBackend.StartAsync("b", protocols: HttpProtocols.Http2);
        var proxy = await ProxyInstance.StartAsync(WithAccessLog(Configs.Proxy("Http2", "Http2", Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", backend.Address)}]")));
        var proxyAddress = $"127.0.0.1:{proxy.Address("proxy").Port}";
        using (var client = Http2Clients.Create())
        {
            var tasks = Enumerable.Range(0, 3).Select(async i =>
            {
                using var request = Http2Clients.Request(HttpMethod.Post, new Uri(proxy.Url("proxy"), $"/echo?i={i}"));
                request.Content = new ByteArrayContent(new byte[100 * (i + 1)]);
                request.Headers.Add("x-test-id", $"h2-{i}");
                using var response = await client.SendAsync(request);
                Assert.Equal(HttpVersion.Version20, response.Version);
                Assert.Equal(100 * (i + 1), (await response.Content.ReadAsByteArrayAsync()).Length);
            });
            await Task.WhenAll(tasks);
        }

        await proxy.DisposeAsync();

        var lines = await ReadLinesAsync(3);
        foreach (var f in lines)
        {
            var i = int.Parse(f[13]["h2-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            AssertLine(f, "Http2", 200, 100 * (i + 1), 100 * (i + 1), backend.Address, proxyAddress, $"h2-{i}", $"/echo?i={i}");
        }
    }

    [Fact]
    public async Task NoRoute_LocalReply_LoggedWithFlagsAndDashes()
    {
        await using var backend = await KestrelBackend.StartAsync("b");
        var proxy = await ProxyInstance.StartAsync(WithAccessLog(
            Configs.Http1Proxy(Configs.OnlyDomain("only.example", "c"), $"[{Configs.Cluster("c", "LB_RANDOM", backend.Address)}]"),
            "%response_code% %response_flags% %upstream_host% %response_received_duration% %RESP.x-backend%"));
        using (var client = Clients.Create())
        {
            using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/x"));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        await proxy.DisposeAsync();

        Assert.Equal("404 NR - - -\n", await File.ReadAllTextAsync(LogPath));
    }

    [Fact]
    public void TryCreate_UnknownVariable_RejectedWithItsJsonPath()
    {
        var json = WithAccessLog(Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", "127.0.0.1:1")}]"), "%start_time% %upstream_hots%");
        var loaded = MosnConfigLoader.Load(json, "test config");
        Assert.NotNull(loaded.Config);
        var registry = BuiltInExtensions.CreateBuilder(TestLogging.Factory).Build();

        var server = MosnServer.TryCreate(loaded.Config, registry, TestLogging.Factory, TimeProvider.System, loaded.Diagnostics);

        Assert.Null(server);
        var error = Assert.Single(loaded.Diagnostics.Errors);
        Assert.Equal("servers[0].listeners[0].access_logs[0].log_format", error.Path);
        Assert.Contains("%upstream_hots%", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(LogPath));
    }

    [Fact]
    public void Load_AccessLogWithoutPath_RejectedWithItsJsonPath()
    {
        var json = Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", "127.0.0.1:1")}]")
            .Replace("\"bind_port\": true,", "\"bind_port\": true, \"access_logs\": [{ \"log_format\": \"%protocol%\" }],", StringComparison.Ordinal);

        var loaded = MosnConfigLoader.Load(json, "test config");

        Assert.Null(loaded.Config);
        Assert.Contains(loaded.Diagnostics.Errors, e => e.Path == "servers[0].listeners[0].access_logs[0].log_path");
    }
}
