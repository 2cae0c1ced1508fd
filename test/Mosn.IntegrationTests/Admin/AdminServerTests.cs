using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Mosn.Admin;
using Mosn.Hosting;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Admin;

public sealed partial class AdminServerTests
{
    [Fact]
    public async Task ConfigDump_ConfigWithSecrets_ReturnsConfigWithSecretsRedacted()
    {
        await using var backend = await KestrelBackend.StartAsync("a");
        await using var mosn = await AdminTestServer.StartAsync(AdminTestServer.Config(backend.Address));
        using var client = Clients.Create();

        var body = await client.GetStringAsync(new Uri(mosn.AdminUrl, "/api/v1/config_dump"));

        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", body, StringComparison.Ordinal);
        Assert.DoesNotContain("t0k3n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("/etc/key.pem", body, StringComparison.Ordinal);
        var root = JsonNode.Parse(body)!;
        var listener = root["servers"]![0]!["listeners"]![0]!;
        Assert.Equal("proxy", (string?)listener["name"]);
        Assert.Equal("[redacted]", (string?)listener["db_password"]);
        var extra = root["cluster_manager"]!["clusters"]![0]!["extra"]!;
        Assert.Equal("[redacted]", (string?)extra["Client_Secret"]);
        Assert.Equal("[redacted]", (string?)extra["api_token"]);
        Assert.Equal("[redacted]", (string?)extra["private_key_file"]);
        Assert.Equal(backend.Address, (string?)root["cluster_manager"]!["clusters"]![0]!["hosts"]![0]!["address"]);
    }

    [Fact]
    public async Task ConfigDump_MosnQueries_SelectByName()
    {
        await using var backend = await KestrelBackend.StartAsync("a");
        await using var mosn = await AdminTestServer.StartAsync(AdminTestServer.Config(backend.Address));
        using var client = Clients.Create();

        var clusters = JsonNode.Parse(await client.GetStringAsync(new Uri(mosn.AdminUrl, "/api/v1/config_dump?allclusters")))!;
        var listeners = JsonNode.Parse(await client.GetStringAsync(new Uri(mosn.AdminUrl, "/api/v1/config_dump?alllisteners")))!;
        var routers = JsonNode.Parse(await client.GetStringAsync(new Uri(mosn.AdminUrl, "/api/v1/config_dump?allrouters")))!;
        var cluster = JsonNode.Parse(await client.GetStringAsync(new Uri(mosn.AdminUrl, "/api/v1/config_dump?cluster=a")))!;
        using var missing = await client.GetAsync(new Uri(mosn.AdminUrl, "/api/v1/config_dump?cluster=nope"));

        Assert.Equal("LB_ROUNDROBIN", (string?)clusters["a"]!["lb_type"]);
        Assert.Equal("[redacted]", (string?)clusters["a"]!["extra"]!["api_token"]);
        Assert.Equal("127.0.0.1:0", (string?)listeners["proxy"]!["address"]);
        Assert.NotNull(routers["r"]!["virtual_hosts"]);
        Assert.Equal("a", (string?)cluster["name"]);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Stats_AfterProxiedRequests_CountsThemPerListenerClusterAndHost()
    {
        await using var backend = await KestrelBackend.StartAsync("a");
        await using var mosn = await AdminTestServer.StartAsync(AdminTestServer.Config(backend.Address));
        using var client = Clients.Create();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("a /x", await client.GetStringAsync(new Uri(mosn.Url("proxy"), "/x")));
        }

        var stats = JsonNode.Parse(await client.GetStringAsync(new Uri(mosn.AdminUrl, "/api/v1/stats")))!;
        using var proxyOnly = await client.GetAsync(new Uri(mosn.AdminUrl, "/api/v1/stats?key=proxy"));
        var proxyStats = JsonNode.Parse(await proxyOnly.Content.ReadAsStringAsync())!.AsObject();

        var listener = stats["listener"]!["listener=proxy"]!;
        Assert.True((long)listener["connections"]! >= 1);
        Assert.True((long)listener["bytes_received"]! > 0);
        Assert.True((long)listener["bytes_sent"]! > 0);
        Assert.Equal(3, (long)stats["cluster"]!["cluster=a"]!["requests"]!);
        Assert.Equal(0, (long)stats["cluster"]!["cluster=a"]!["requests_active"]!);
        Assert.Equal(1, (long)stats["cluster"]!["cluster=a"]!["hosts_healthy"]!);
        var host = stats["host"]![$"cluster=a,host={backend.Address}"]!;
        Assert.Equal(3, (long)host["requests"]!);
        Assert.Equal(1, (long)host["healthy"]!);
        Assert.True((long)host["connections"]! >= 1);
        Assert.True((long)stats["downstream"]!["protocol=Http1"]!["requests"]! >= 3);
        Assert.True((long)stats["proxy"]!["global"]!["requests"]! >= 3);
        Assert.Equal(["proxy"], proxyStats.Select(p => p.Key));
    }

    [Fact]
    public async Task UpdateLogLevel_ValidLevel_ChangesTheLoggerFactoryLevel()
    {
        await using var backend = await KestrelBackend.StartAsync("a");
        await using var mosn = await AdminTestServer.StartAsync(AdminTestServer.Config(backend.Address));
        using var client = Clients.Create();
        var logger = mosn.LoggerFactory.CreateLogger("test");
        Assert.False(logger.IsEnabled(LogLevel.Debug));
        var before = JsonNode.Parse(await client.GetStringAsync(new Uri(mosn.AdminUrl, "/api/v1/get_loglevel")))!;

        using var update = await client.PostAsync(new Uri(mosn.AdminUrl, "/api/v1/update_loglevel"),
            new StringContent("""{"log_path": "stdout", "log_level": "DEBUG"}""", Encoding.UTF8, "application/json"));
        var after = JsonNode.Parse(await client.GetStringAsync(new Uri(mosn.AdminUrl, "/api/v1/get_loglevel")))!;

        Assert.Equal("INFO", (string?)before["stdout"]);
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal("update logger success\n", await update.Content.ReadAsStringAsync());
        Assert.True(logger.IsEnabled(LogLevel.Debug));
        Assert.False(logger.IsEnabled(LogLevel.Trace));
        Assert.Equal(LogLevel.Debug, mosn.Levels.Level);
        Assert.Equal("DEBUG", (string?)after["stdout"]);
        Assert.Contains(mosn.Logs.Messages, m => m.Level == LogLevel.Warning && m.Message == "Log level changed from INFO to DEBUG through the admin API");
    }

    [Theory]
    [InlineData("""{"log_level": "LOUD"}""")]
    [InlineData("""{"log_path": "stdout"}""")]
    [InlineData("not json")]
    public async Task UpdateLogLevel_BadBody_Returns400AndKeepsTheLevel(string body)
    {
        await using var backend = await KestrelBackend.StartAsync("a");
        await using var mosn = await AdminTestServer.StartAsync(AdminTestServer.Config(backend.Address));
        using var client = Clients.Create();

        using var update = await client.PostAsync(new Uri(mosn.AdminUrl, "/api/v1/update_loglevel"), new StringContent(body));
        using var get = await client.GetAsync(new Uri(mosn.AdminUrl, "/api/v1/update_loglevel"));

        Assert.Equal(HttpStatusCode.BadRequest, update.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal(LogLevel.Information, mosn.Levels.Level);
    }

    [Fact]
    public async Task StatesReadyHealthz_RunningServer_ReportRunning()
    {
        await using var backend = await KestrelBackend.StartAsync("a");
        await using var mosn = await AdminTestServer.StartAsync(AdminTestServer.Config(backend.Address));
        using var client = Clients.Create();

        var states = await client.GetStringAsync(new Uri(mosn.AdminUrl, "/api/v1/states"));
        using var ready = await client.GetAsync(new Uri(mosn.AdminUrl, "/ready"));
        using var healthz = await client.GetAsync(new Uri(mosn.AdminUrl, "/healthz"));
        var version = await client.GetStringAsync(new Uri(mosn.AdminUrl, "/api/v1/version"));

        Assert.Equal($"pid={Environment.ProcessId}&state=6\n", states);
        Assert.Equal(ServerState.Running, mosn.Server.State);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.Equal(MosnApplication.Version, version);
    }

    [Fact]
    public async Task Ready_WhileDraining_Returns503AndHealthzStays200()
    {
        await using var backend = await KestrelBackend.StartAsync("a");
        var mosn = await AdminTestServer.StartAsync(AdminTestServer.Config(backend.Address));
        using var client = Clients.Create();
        var adminUrl = mosn.AdminUrl;
        var slow = client.GetAsync(new Uri(mosn.Url("proxy"), "/delay/1500"));
        while (backend.Requests == 0)
        {
            await Task.Delay(10);
        }

        var stop = mosn.Server.StopAsync(TimeSpan.FromSeconds(10));
        HttpStatusCode readyStatus;
        do
        {
            using var ready = await client.GetAsync(new Uri(adminUrl, "/ready"));
            readyStatus = ready.StatusCode;
        }
        while (readyStatus == HttpStatusCode.OK);

        using var healthz = await client.GetAsync(new Uri(adminUrl, "/healthz"));
        var states = await client.GetStringAsync(new Uri(adminUrl, "/api/v1/states"));
        using var response = await slow;
        await stop;
        await mosn.DisposeAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyStatus);
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.Contains(states.Trim().Split('&')[1], new[] { "state=7", "state=8" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ServerState.Stopped, mosn.Server.State);
    }

    [Fact]
    public async Task Features_AllAndOneKey_ReturnJsonAndBoolean()
    {
        await using var backend = await KestrelBackend.StartAsync("a");
        await using var mosn = await AdminTestServer.StartAsync(AdminTestServer.Config(backend.Address));
        using var client = Clients.Create();

        var all = JsonNode.Parse(await client.GetStringAsync(new Uri(mosn.AdminUrl, "/api/v1/features")))!.AsObject();
        var http2 = await client.GetStringAsync(new Uri(mosn.AdminUrl, "/api/v1/features?key=http2"));
        var unknown = await client.GetStringAsync(new Uri(mosn.AdminUrl, "/api/v1/features?key=warp_drive"));

        Assert.True((bool)all["http2"]!);
        Assert.False((bool)all["hot_upgrade"]!);
        Assert.Equal("true", http2);
        Assert.Equal("false", unknown);
    }

    [Fact]
    public async Task Admin_SectionAbsent_IsNotStarted()
    {
        await using var backend = await KestrelBackend.StartAsync("a");
        await using var mosn = await AdminTestServer.StartAsync(AdminTestServer.Config(backend.Address, admin: false));
        using var client = Clients.Create();

        Assert.Equal("a /x", await client.GetStringAsync(new Uri(mosn.Url("proxy"), "/x")));
        Assert.Null(mosn.Server.AdminAddress);
    }

    [Fact]
    public async Task Metrics_AfterProxiedRequests_ParseWithPrometheusClientParser()
    {
        await using var backend = await KestrelBackend.StartAsync("a");
        await using var mosn = await AdminTestServer.StartAsync(AdminTestServer.Config(backend.Address));
        using var client = Clients.Create();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("a /x", await client.GetStringAsync(new Uri(mosn.Url("proxy"), "/x")));
        }

        using var response = await client.GetAsync(new Uri(mosn.AdminUrl, "/metrics"));
        var text = await response.Content.ReadAsStringAsync();
        var samples = await ParseWithPrometheusClientAsync(text);
        StrictCheck(text);

        Assert.Equal(MediaTypeHeaderValue.Parse("text/plain; version=0.0.4; charset=utf-8"), response.Content.Headers.ContentType);
        Assert.Equal(2, Value(samples, "mosn_cluster_requests_total", "counter", ("cluster", "a")));
        Assert.Equal(2, Value(samples, "mosn_host_requests_total", "counter", ("cluster", "a"), ("host", backend.Address)));
        Assert.Equal(1, Value(samples, "mosn_host_healthy", "gauge", ("cluster", "a"), ("host", backend.Address)));
        Assert.Equal(0, Value(samples, "mosn_cluster_requests_active", "gauge", ("cluster", "a")));
        Assert.Equal(0, Value(samples, "mosn_cluster_requests_pending", "gauge", ("cluster", "a")));
        Assert.Equal(1, Value(samples, "mosn_cluster_connections_idle", "gauge", ("cluster", "a"))); // the keep-alive upstream connection
        Assert.Equal(1, Value(samples, "mosn_host_connections_idle", "gauge", ("cluster", "a"), ("host", backend.Address)));
        Assert.Equal(0, Value(samples, "mosn_host_requests_pending", "gauge", ("cluster", "a"), ("host", backend.Address)));
        Assert.Equal(2, Value(samples, "mosn_host_response_time_samples_total", "counter", ("cluster", "a"), ("host", backend.Address)));
        Assert.True(Value(samples, "mosn_host_response_time_microseconds_total", "counter", ("cluster", "a"), ("host", backend.Address)) > 0);
        Assert.Equal(2, Value(samples, "mosn_cluster_response_time_samples_total", "counter", ("cluster", "a")));
        Assert.True(Value(samples, "mosn_listener_connections_total", "counter", ("listener", "proxy")) >= 1);
        Assert.True(Value(samples, "mosn_listener_bytes_received_total", "counter", ("listener", "proxy")) > 0);
        Assert.True(Value(samples, "mosn_downstream_requests_total", "counter", ("protocol", "Http1")) >= 2);
        Assert.True(Value(samples, "mosn_proxy_requests_total", "counter") >= 2);

        // Responses by status class and the request-duration histogram (process-wide: other tests add to them).
        Assert.True(Value(samples, "mosn_downstream_responses_by_class_total", "counter", ("protocol", "Http1"), ("class", "2xx")) >= 2);
        var count = Value(samples, "mosn_downstream_request_duration_seconds_count", "histogram", ("protocol", "Http1"));
        Assert.True(count >= 2);
        Assert.Equal(count, Value(samples, "mosn_downstream_request_duration_seconds_bucket", "histogram", ("protocol", "Http1"), ("le", "+Inf")));
        Assert.True(Value(samples, "mosn_downstream_request_duration_seconds_bucket", "histogram", ("protocol", "Http1"), ("le", "0.001")) <= count);
    }

    [Fact]
    public async Task Metrics_UpstreamAnswers404_CountedAs4xx()
    {
        await using var backend = await KestrelBackend.StartAsync("a");
        await using var mosn = await AdminTestServer.StartAsync(AdminTestServer.Config(backend.Address));
        using var client = Clients.Create();
        Assert.Equal("a /x", await client.GetStringAsync(new Uri(mosn.Url("proxy"), "/x")));
        async Task<long> FourXxAsync() => Value(await ParseWithPrometheusClientAsync(await client.GetStringAsync(new Uri(mosn.AdminUrl, "/metrics"))),
            "mosn_downstream_responses_by_class_total", "counter", ("protocol", "Http1"), ("class", "4xx"));
        var before = await FourXxAsync();

        using var notFound = await client.GetAsync(new Uri(mosn.Url("proxy"), "/status/404"));

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.True(await FourXxAsync() >= before + 1);
    }

    [Fact]
    public async Task Metrics_TcpProxyListener_CountsConnectionsAndBytesPerFilter()
    {
        var (echo, loop) = await EchoServer.StartAsync();
        try
        {
            await using var mosn = await AdminTestServer.StartAsync($$"""
                {
                  "servers": [{
                    "listeners": [{
                      "name": "tcp", "address": "127.0.0.1:0", "bind_port": true,
                      "filter_chains": [{ "filters": [{ "type": "tcp_proxy", "config": { "stat_prefix": "echo_tcp", "cluster": "echo" } }] }]
                    }]
                  }],
                  "cluster_manager": { "clusters": [ {{Configs.Cluster("echo", "LB_RANDOM", $"127.0.0.1:{((IPEndPoint)echo.LocalEndpoint).Port}")}} ] },
                  "admin": { "address": { "socket_address": { "address": "127.0.0.1", "port_value": 0 } } }
                }
                """);
            using (var connection = new System.Net.Sockets.TcpClient())
            {
                await connection.ConnectAsync((IPEndPoint)mosn.Server.ListenerAddresses["tcp"]!);
                var stream = connection.GetStream();
                await stream.WriteAsync("ping"u8.ToArray());
                var back = new byte[4];
                await stream.ReadExactlyAsync(back).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            }

            using var client = Clients.Create();
            var samples = await ParseWithPrometheusClientAsync(await client.GetStringAsync(new Uri(mosn.AdminUrl, "/metrics")));
            Assert.Equal(1, Value(samples, "mosn_tcp_proxy_connections_total", "counter", ("listener", "tcp"), ("stat_prefix", "echo_tcp")));
            Assert.Equal(4, Value(samples, "mosn_tcp_proxy_bytes_received_total", "counter", ("listener", "tcp"), ("stat_prefix", "echo_tcp")));
            Assert.Equal(4, Value(samples, "mosn_tcp_proxy_bytes_sent_total", "counter", ("listener", "tcp"), ("stat_prefix", "echo_tcp")));
        }
        finally
        {
            echo.Stop();
            await loop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    [Fact]
    public async Task Meter_ExternalMeterListener_SeesTheMosnInstruments()
    {
        await using var backend = await KestrelBackend.StartAsync("a");
        await using var mosn = await AdminTestServer.StartAsync(AdminTestServer.Config(backend.Address));
        using var client = Clients.Create();
        Assert.Equal("a /x", await client.GetStringAsync(new Uri(mosn.Url("proxy"), "/x")));
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Mosn" && instrument.Name == "mosn.cluster.requests")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "cluster" && (string?)tag.Value == "a")
                {
                    lock (seen)
                    {
                        seen[instrument.Name] = Math.Max(seen.GetValueOrDefault(instrument.Name), value);
                    }
                }
            }
        });
        listener.Start();

        listener.RecordObservableInstruments();

        Assert.True(seen["mosn.cluster.requests"] >= 1);
    }

    private static long Value(JsonArray families, string sample, string type, params (string Name, string Value)[] labels)
    {
        foreach (var family in families)
        {
            foreach (var s in family!["samples"]!.AsArray())
            {
                var sampleLabels = s!["labels"]!.AsObject();
                if ((string?)s["name"] == sample && sampleLabels.Count == labels.Length && labels.All(l => (string?)sampleLabels[l.Name] == l.Value))
                {
                    Assert.Equal(type, (string?)family["type"]);
                    return (long)(double)s["value"]!;
                }
            }
        }

        throw new Xunit.Sdk.XunitException($"no sample {sample}{{{string.Join(",", labels.Select(l => $"{l.Name}={l.Value}"))}}}");
    }

    // The reference parser: prometheus_client.parser from the Python client (Debian python3-prometheus-client), which
    // raises on any line it cannot read; it prints the families as JSON.
    private static async Task<JsonArray> ParseWithPrometheusClientAsync(string text)
    {
        const string Script = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = []
            for f in text_string_to_metric_families(open(sys.argv[1]).read()):
                out.append({"name": f.name, "type": f.type, "help": f.documentation,
                            "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]})
            print(json.dumps(out))
            """;
        var dir = Directory.CreateTempSubdirectory("mosn-metrics-");
        try
        {
            var script = Path.Combine(dir.FullName, "parse.py");
            var input = Path.Combine(dir.FullName, "metrics.txt");
            await File.WriteAllTextAsync(script, Script);
            await File.WriteAllTextAsync(input, text);
            // Debian's interpreter: the package installs the module there (a pyenv python3 earlier on PATH lacks it).
            var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
            var result = await ExternalTool.RunAsync(python, "python3-prometheus-client", TimeSpan.FromSeconds(60), script, input);
            Assert.True(result.ExitCode == 0, $"prometheus_client rejected the exposition: {result.Stderr}\n{text}");
            return JsonNode.Parse(result.Stdout)!.AsArray();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    // What the Python parser tolerates but the 0.0.4 format forbids: samples without a TYPE line before them, a TYPE
    // given twice, a series given twice, malformed lines.
    private static void StrictCheck(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var typed = new Dictionary<string, string>();
        var series = new HashSet<string>();
        foreach (var line in text[..^1].Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                Assert.Matches(HelpLine(), line);
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var m = TypeLine().Match(line);
                Assert.True(m.Success, line);
                Assert.True(typed.TryAdd(m.Groups[1].Value, m.Groups[2].Value), $"TYPE twice: {line}");
                continue;
            }

            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"not a sample line: \"{line}\"");
            var family = sample.Groups[1].Value;
            if (!typed.ContainsKey(family))
            {
                // A histogram's samples carry suffixes on the family name.
                family = HistogramSuffix().Replace(family, "");
                Assert.True(typed.TryGetValue(family, out var type) && type == "histogram", $"sample before its TYPE: {line}");
            }

            Assert.True(series.Add(sample.Groups[1].Value + sample.Groups[2].Value), $"series twice: {line}");
        }
    }

    [GeneratedRegex("""^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* [^\n]*$""")]
    private static partial Regex HelpLine();

    [GeneratedRegex("""^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)$""")]
    private static partial Regex TypeLine();

    [GeneratedRegex("""^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*)?\})? (-?[0-9]+(\.[0-9]+)?(e-?[0-9]+)?)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();
}
