using System.Diagnostics;
using System.Net;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Proxy;

/// <summary>The real <c>mosn</c> executable as a child process: CLI, exit codes, signals.</summary>
public sealed partial class ExecutableTests
{
    private const int SigTerm = 15;

    /// <summary>kill(2) from libc: sends a signal without depending on a `kill` binary being installed.</summary>
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    private static string MosnDll => Path.Combine(AppContext.BaseDirectory, "mosn.dll");

    private static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(MosnDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi)!;
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var p = Start(args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (p.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Version_PrintsVersion_Exit0()
    {
        var (code, output, _) = await RunAsync("version");
        Assert.Equal(0, code);
        Assert.StartsWith("mosn (Mosn.NET) ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ReferencesToMissingThings_Exit1WithEveryErrorAndPath()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """
            {
              "servers": [{
                "routers": [{ "router_config_name": "r", "virtual_hosts": [{ "name": "v", "domains": ["*"], "routers": [{ "match": { "prefix": "/" }, "route": { "cluster_name": "c" } }] }] }],
                "listeners": [{
                  "name": "l", "address": "127.0.0.1:0",
                  "filter_chains": [{ "filters": [{ "type": "proxy", "config": { "downstream_protocol": "Http1", "router_config_name": "missing" } }] }]
                }]
              }],
              "cluster_manager": { "clusters": [{ "name": "c", "type": "SIMPLE", "lb_type": "LB_NOPE", "hosts": [{ "address": "127.0.0.1:1" }] }] }
            }
            """);
        var (code, _, err) = await RunAsync("validate", "-c", file);
        Assert.Equal(1, code);
        Assert.Contains("servers[0].listeners[0].filter_chains[0].filters[0].config.router_config_name", err, StringComparison.Ordinal);
        Assert.Contains("cluster_manager.clusters[0].lb_type", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MalformedValues_Exit1WithEveryErrorAndPath()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """
            {
              "servers": [{
                "listeners": [{ "name": "l", "address": "not-an-address", "filter_chains": [{ "filters": [{ "type": "tcp_proxy", "config": { "cluster": "c" } }] }] }]
              }],
              "cluster_manager": { "clusters": [{ "name": "c", "type": "SIMPLE", "connect_timeout": "ten", "hosts": [{ "address": "127.0.0.1:1", "weight": 500 }] }] }
            }
            """);
        var (code, _, err) = await RunAsync("validate", "-c", file);
        Assert.Equal(1, code);
        Assert.Contains("servers[0].listeners[0].address", err, StringComparison.Ordinal);
        Assert.Contains("cluster_manager.clusters[0].connect_timeout", err, StringComparison.Ordinal);
        Assert.Contains("cluster_manager.clusters[0].hosts[0].weight", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ValidFile_Exit0()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", "127.0.0.1:9")}]"));
        var (code, output, err) = await RunAsync("validate", "-c", file);
        Assert.True(code == 0, err);
        Assert.Contains("valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SigtermWithRequestInFlight_FinishesRequestAndExits0()
    {
        await using var slow = await KestrelBackend.StartAsync("slow");
        var port = int.Parse(Configs.RefusedAddress().Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", slow.Address)}]").Replace("127.0.0.1:0", $"127.0.0.1:{port}", StringComparison.Ordinal));
        using var mosn = Start("start", "-c", file);
        var stdout = mosn.StandardOutput.ReadToEndAsync();
        var stderr = mosn.StandardError.ReadToEndAsync();
        using var client = Clients.Create();
        var url = new Uri($"http://127.0.0.1:{port}/");
        for (var i = 0; ; i++)
        {
            try
            {
                using var ready = await client.GetAsync(new Uri(url, "/ready"));
                break;
            }
            catch (HttpRequestException) when (i < 100)
            {
                await Task.Delay(100);
            }
        }

        var inFlight = client.GetAsync(new Uri(url, "/delay/1000"));
        await Task.Delay(300);
        Assert.Equal(0, SendSignal(mosn.Id, SigTerm));

        using var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await mosn.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(mosn.ExitCode == 0, await stderr + await stdout);
    }
}
