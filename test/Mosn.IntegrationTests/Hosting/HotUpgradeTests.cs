using System.Net;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Hosting;

/// <summary>
/// Hot upgrade with real processes: a second <c>mosn</c> started on the same upgrade socket takes over the first's
/// listening sockets (passed with SCM_RIGHTS) while clients keep sending; the first drains and exits by itself.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class HotUpgradeTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly string _directory = Directory.CreateTempSubdirectory("mosn-upgrade-test").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string UpgradeSocket => Path.Combine(_directory, "upgrade.sock");

    private async Task<(string File, int ProxyPort, int AdminPort)> WriteConfigAsync(string backend, string protocol = "Http1")
    {
        var proxyPort = MosnProcess.FreePort();
        var adminPort = MosnProcess.FreePort();
        var file = Path.Combine(_directory, "mosn.json");
        await File.WriteAllTextAsync(file, $$"""
            {
              "servers": [{
                "default_log_level": "INFO",
                "graceful_timeout": "10s",
                "routers": [{ "router_config_name": "r", "virtual_hosts": {{Configs.CatchAll("c")}} }],
                "listeners": [{
                  "name": "proxy", "address": "127.0.0.1:{{proxyPort}}", "bind_port": true,
                  "filter_chains": [{ "filters": [{ "type": "proxy", "config": { "downstream_protocol": "{{protocol}}", "upstream_protocol": "Http1", "router_config_name": "r" } }] }]
                }]
              }],
              "cluster_manager": { "clusters": [{{Configs.Cluster("c", "LB_RANDOM", backend)}}] },
              "admin": { "address": { "socket_address": { "address": "127.0.0.1", "port_value": {{adminPort}} } } }
            }
            """);
        return (file, proxyPort, adminPort);
    }

    private MosnProcess StartMosn(string file) => MosnProcess.Start("start", "-c", file, "--upgrade-socket", UpgradeSocket);

    private static async Task<int> ServingPidAsync(int adminPort)
    {
        using var client = Clients.Create(TimeSpan.FromSeconds(5));
        var states = await client.GetStringAsync(new Uri($"http://127.0.0.1:{adminPort}/api/v1/states"));
        return int.Parse(states.Split('&')[0]["pid=".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Upgrade_UnderHttp1Load_NoRefusedConnectionNoFailedRequestOldExitsByItself()
    {
        await using var backend = await KestrelBackend.StartAsync("b");
        var (file, proxyPort, adminPort) = await WriteConfigAsync(backend.Address);
        await using var old = StartMosn(file);
        Assert.True(await old.WaitForOutputAsync("started from", StartTimeout), old.Output);
        var url = new Uri($"http://127.0.0.1:{proxyPort}/hello");
        await using var keepAlive = LoadLoop.Start(() => url, workers: 3);
        await using var fresh = LoadLoop.Start(() => url, workers: 2, newConnectionEachRequest: true);
        await keepAlive.WaitForMoreAsync(300);
        await fresh.WaitForMoreAsync(100);

        await using var next = StartMosn(file);
        Assert.True(await next.WaitForOutputAsync("started from", StartTimeout), next.Output);
        Assert.Contains("received 2 listening sockets", next.Output, StringComparison.Ordinal);

        // The old process stops accepting, drains and exits 0 on its own.
        Assert.True(await old.WaitForExitAsync(TimeSpan.FromSeconds(30)), old.Output);
        Assert.Equal(0, old.ExitCode);
        await keepAlive.WaitForMoreAsync(300);
        await fresh.WaitForMoreAsync(100);
        await keepAlive.StopAsync();
        await fresh.StopAsync();

        Assert.True(keepAlive.Failures.Count == 0, string.Join("\n", keepAlive.Failures.Take(5)));
        Assert.True(fresh.Failures.Count == 0, string.Join("\n", fresh.Failures.Take(5)));
        Assert.Equal(next.Pid, await ServingPidAsync(adminPort)); // the admin API moved too
        Assert.Contains("Hot upgrade: process " + next.Pid + " serves on our sockets", old.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upgrade_UnderH2cLoad_NoFailedRequest()
    {
        await using var backend = await KestrelBackend.StartAsync("b");
        var (file, proxyPort, _) = await WriteConfigAsync(backend.Address, "Http2");
        await using var old = StartMosn(file);
        Assert.True(await old.WaitForOutputAsync("started from", StartTimeout), old.Output);
        var url = new Uri($"http://127.0.0.1:{proxyPort}/hello");
        await using var load = LoadLoop.Start(() => url, workers: 4, version: HttpVersion.Version20);
        await load.WaitForMoreAsync(300);

        await using var next = StartMosn(file);
        Assert.True(await next.WaitForOutputAsync("started from", StartTimeout), next.Output);
        Assert.True(await old.WaitForExitAsync(TimeSpan.FromSeconds(30)), old.Output);
        Assert.Equal(0, old.ExitCode);
        await load.WaitForMoreAsync(300);
        await load.StopAsync();

        Assert.True(load.Failures.Count == 0, string.Join("\n", load.Failures.Take(5)));
    }

    [Fact]
    public async Task Start_UpgradeSocketLeftByCrash_StartsNormallyAndCanBeUpgradedLater()
    {
        await using var backend = await KestrelBackend.StartAsync("b");
        var (file, proxyPort, adminPort) = await WriteConfigAsync(backend.Address);
        await using (var crashed = StartMosn(file))
        {
            Assert.True(await crashed.WaitForOutputAsync("started from", StartTimeout), crashed.Output);
            crashed.Signal(9);
            Assert.True(await crashed.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }

        Assert.True(File.Exists(UpgradeSocket), "SIGKILL leaves the socket file behind");
        await using var second = StartMosn(file);
        Assert.True(await second.WaitForOutputAsync("started from", StartTimeout), second.Output);
        Assert.Contains("removed stale upgrade socket", second.Output, StringComparison.Ordinal);
        using var client = Clients.Create();
        Assert.Equal("b /hello", await client.GetStringAsync(new Uri($"http://127.0.0.1:{proxyPort}/hello")));

        await using var third = StartMosn(file);
        Assert.True(await third.WaitForOutputAsync("started from", StartTimeout), third.Output);
        Assert.True(await second.WaitForExitAsync(TimeSpan.FromSeconds(30)), second.Output);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(third.Pid, await ServingPidAsync(adminPort));
        Assert.Equal("b /hello", await client.GetStringAsync(new Uri($"http://127.0.0.1:{proxyPort}/hello")));
    }

    [Fact]
    public async Task Upgrade_NewProcessCannotStart_OldKeepsServing()
    {
        await using var backend = await KestrelBackend.StartAsync("b");
        var (file, proxyPort, adminPort) = await WriteConfigAsync(backend.Address);
        await using var old = StartMosn(file);
        Assert.True(await old.WaitForOutputAsync("started from", StartTimeout), old.Output);

        // The new process's config adds a listener on an address that is taken: it cannot serve, the old one goes on.
        using var blocker = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var taken = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var badFile = Path.Combine(_directory, "bad.json");
        var json = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(badFile, json.Replace("\"listeners\": [{", $$"""
            "listeners": [{
              "name": "extra", "address": "127.0.0.1:{{taken}}", "bind_port": true,
              "filter_chains": [{ "filters": [{ "type": "proxy", "config": { "downstream_protocol": "Http1", "router_config_name": "r" } }] }]
            }, {
            """, StringComparison.Ordinal));
        await using var failed = StartMosn(badFile);
        Assert.True(await failed.WaitForExitAsync(StartTimeout), failed.Output);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("cannot bind", failed.Output, StringComparison.Ordinal);

        Assert.Contains("Hot upgrade aborted, this process keeps serving", old.Output, StringComparison.Ordinal);
        Assert.False(old.HasExited);
        using var client = Clients.Create();
        Assert.Equal("b /hello", await client.GetStringAsync(new Uri($"http://127.0.0.1:{proxyPort}/hello")));
        Assert.Equal(old.Pid, await ServingPidAsync(adminPort));
    }
}
