using Mosn.Abstractions.Config;
using System.Net;

namespace Mosn.Configuration.Tests;

public sealed partial class MosnConfigLoaderTests
{
    private static ConfigLoadResult LoadSample(string name) =>
        MosnConfigLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mosn", name));

    private static string[] WarningLines(ConfigLoadResult result) =>
        result.Diagnostics.Warnings.Select(w => $"{w.Path}: {w.Message}").ToArray();

    [Fact]
    public void LoadFile_MosnDefaultConfig_LoadsUnchangedWithoutDiagnostics()
    {
        var result = LoadSample("mosn_config.json");

        Assert.True(result.Succeeded, ConfigFormatter.Format(result.Diagnostics));
        Assert.Empty(result.Diagnostics.Warnings);
        var config = result.Config!;
        var server = Assert.Single(config.Servers);
        Assert.Equal(["appListener", "serverListener", "clientListener"], server.Listeners.Select(l => l.Name));
        Assert.All(server.Listeners, l => Assert.True(l.BindPort));
        Assert.Equal("127.0.0.1:2047", server.Listeners[0].Address);
        Assert.Equal(["server_router", "client_router", "application"], server.Routers.Select(r => r.RouterConfigName));
        var direct = server.Routers[2].VirtualHosts[0].Routers[0].DirectResponse!;
        Assert.Equal(200, direct.Status);
        Assert.Equal("Welcome to MOSN!\nThe Cloud-Native Network Proxy Platform.\n", direct.Body);
        var cluster = config.ClusterManager.Clusters[0];
        Assert.Equal(("serverCluster", "SIMPLE", "LB_RANDOM", 1024, 32768L), (cluster.Name, cluster.Type, cluster.LbType, cluster.MaxRequestPerConn, cluster.ConnBufferLimitBytes));
        Assert.Equal("127.0.0.1:2047", Assert.Single(cluster.Hosts).Address);
        Assert.Equal(("0.0.0.0", 34901), (config.Admin!.Address, config.Admin.Port));
    }

    [Fact]
    public void LoadFile_MosnRpcConfig_LoadsWithHeaderOnlyRoutes()
    {
        var result = LoadSample("mosn_rpc_config.json");

        Assert.True(result.Succeeded, ConfigFormatter.Format(result.Diagnostics));
        Assert.Empty(result.Diagnostics.Warnings);
        var match = result.Config!.Servers[0].Routers[0].VirtualHosts[0].Routers[0].Match;
        Assert.Null(match.Prefix);
        var header = Assert.Single(match.Headers);
        Assert.Equal(("service", ".*", false), (header.Name, header.Value, header.Regex));
        Assert.Equal("healthcheck", Assert.Single(result.Config.Servers[0].Listeners[0].StreamFilters).Type);
    }

    [Fact]
    public void LoadFile_MosnDevConfig_MovesLegacyConnectionManagerToRouters()
    {
        var result = LoadSample("mosn_config_dev.json");

        Assert.True(result.Succeeded, ConfigFormatter.Format(result.Diagnostics));
        Assert.Equal(
            [
                "servers[0].processor: ignored: not supported by Mosn.NET yet",
                "servers[0].listeners[0].log_path: unknown key \"log_path\": MOSN does not define it here; ignored",
                "servers[0].listeners[0].filter_chains[0].filters[1]: deprecated \"connection_manager\" filter: its route table \"grpc_router\" was added to the server's routers",
                "metrics: ignored: not supported by Mosn.NET yet",
                "pprof: ignored: not supported by Mosn.NET yet",
            ],
            WarningLines(result));
        var server = result.Config!.Servers[0];
        Assert.Equal("proxy", Assert.Single(server.Listeners[0].FilterChains[0].Filters).Type);
        var router = Assert.Single(server.Routers);
        Assert.Equal("grpc_router", router.RouterConfigName);
        Assert.Equal("servers[0].listeners[0].filter_chains[0].filters[1].config", router.JsonPath);
        Assert.Equal("grpcCluster", router.VirtualHosts[0].Routers[0].Route!.ClusterName);
        Assert.Equal("grpcCluster", result.Config.ClusterManager.Clusters[0].Name);
    }

    [Fact]
    public void LoadFile_MosnDubboConfig_LoadsWithExpectedWarnings()
    {
        var result = LoadSample("mosn_config_dubbo.json");

        Assert.True(result.Succeeded, ConfigFormatter.Format(result.Diagnostics));
        Assert.Equal(
            [
                "servers[0].listeners[0].log_path: unknown key \"log_path\": MOSN does not define it here; ignored",
                "servers[0].listeners[1].log_path: unknown key \"log_path\": MOSN does not define it here; ignored",
                "servers[0].listeners[1].bind_port: absent: as in MOSN the listener does not bind its port (set \"bind_port\": true to accept connections)",
                "servers[0].listeners[2].inspector: ignored: not supported by Mosn.NET yet",
            ],
            WarningLines(result));
        var server = result.Config!.Servers[0];
        Assert.False(server.Listeners[1].BindPort);
        Assert.Equal("redirect", server.Listeners[2].UseOriginalDst);
        var action = server.Routers[0].VirtualHosts[0].Routers[0].Route!;
        Assert.Equal(TimeSpan.Zero, action.Timeout);
        Assert.Equal((true, 2, TimeSpan.FromSeconds(3)), (action.RetryPolicy!.RetryOn, action.RetryPolicy.NumRetries, action.RetryPolicy.RetryTimeout));
        Assert.Equal(["mosn.io.dubbo.DemoService", "mosn.io.dubbo.DemoService:20882"], server.Routers[0].VirtualHosts[0].Domains);
        Assert.True(ConfigAddress.TryParseHostAddress(result.Config.ClusterManager.Clusters[1].Hosts[0].Address, out var endPoint, out _));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.12.210.41"), 20880), endPoint);
    }
}
