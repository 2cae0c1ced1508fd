using System.Net;
using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Filters.TcpProxy;
using Mosn.Filters.Tests.Fakes;

namespace Mosn.Filters.Tests.TcpProxy;

public sealed class TcpProxyFilterFactoryTests : IAsyncLifetime
{
    private const string Path = "servers[0].listeners[0].filter_chains[0].filters[0].config";
    private readonly TestFilterFactoryContext _context = new();

    public Task InitializeAsync()
    {
        _context.AddCluster("backend", "127.0.0.1:9001");
        _context.AddCluster("other", "127.0.0.1:9002");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private (TcpProxyConfig? Config, ConfigDiagnostics Diagnostics) Parse(string json)
    {
        var diagnostics = new ConfigDiagnostics();
        using var document = JsonDocument.Parse(json);
        var factory = new TcpProxyFilterFactory().CreateFactory(document.RootElement.Clone(), Path, diagnostics, _context);
        return ((factory as TcpProxyFilterChainFactory)?.Config, diagnostics);
    }

    [Fact]
    public void Name_IsTcpProxy() => Assert.Equal("tcp_proxy", new TcpProxyFilterFactory().Name);

    [Fact]
    public void CreateFactory_ClusterOnly_Defaults()
    {
        var (config, diagnostics) = Parse("""{"cluster": "backend"}""");

        Assert.Empty(diagnostics.Errors);
        Assert.NotNull(config);
        Assert.Equal("backend", config.Cluster);
        Assert.Equal(1, config.MaxConnectAttempts);
        Assert.Null(config.IdleTimeout);
        Assert.Equal("tcp_proxy", config.StatPrefix);
    }

    [Fact]
    public void CreateFactory_AllKeys_Parsed()
    {
        var (config, diagnostics) = Parse("""
            {"stat_prefix": "db", "cluster": "backend", "idle_timeout": "5m", "max_connect_attempts": 3}
            """);

        Assert.Empty(diagnostics.Errors);
        Assert.Equal("db", config!.StatPrefix);
        Assert.Equal(TimeSpan.FromMinutes(5), config.IdleTimeout);
        Assert.Equal(3, config.MaxConnectAttempts);
    }

    [Fact]
    public void CreateFactory_IdleTimeoutAsGoNanoseconds_Parsed()
    {
        var (config, _) = Parse("""{"cluster": "backend", "idle_timeout": 1500000000}""");

        Assert.Equal(TimeSpan.FromSeconds(1.5), config!.IdleTimeout);
    }

    [Fact]
    public void CreateFactory_MaxConnectAttemptsZero_MeansOne()
    {
        var (config, _) = Parse("""{"cluster": "backend", "max_connect_attempts": 0}""");

        Assert.Equal(1, config!.MaxConnectAttempts);
    }

    [Fact]
    public void CreateFactory_MosnRouteSpelling_Parsed()
    {
        // The shape of MOSN's own parser test (Go field names, CIDR objects, port strings).
        var (config, diagnostics) = Parse("""
            {"routes": [{"cluster": "backend",
              "SourceAddrs": [{"address": "127.0.0.1", "length": 32}],
              "DestinationAddrs": [{"address": "127.0.0.1", "length": 32}],
              "SourcePort": "8080", "DestinationPort": "8080"}]}
            """);

        Assert.Empty(diagnostics.Errors);
        Assert.Empty(diagnostics.Warnings);
        var route = Assert.Single(config!.Routes);
        Assert.Equal("backend", route.Cluster);
        var loopback8080 = new IPEndPoint(IPAddress.Loopback, 8080);
        Assert.Equal("backend", config.SelectCluster(loopback8080, loopback8080));
        Assert.Null(config.SelectCluster(new IPEndPoint(IPAddress.Loopback, 8081), loopback8080));
    }

    [Fact]
    public void CreateFactory_Routes_FirstMatchWins()
    {
        var (config, diagnostics) = Parse("""
            {"routes": [
              {"cluster": "other", "destination_addrs": ["10.1.0.0/16"], "destination_port": "80,443"},
              {"cluster": "backend"}
            ]}
            """);

        Assert.Empty(diagnostics.Errors);
        Assert.Equal("other", config!.SelectCluster(null, new IPEndPoint(IPAddress.Parse("10.1.2.3"), 443)));
        Assert.Equal("backend", config.SelectCluster(null, new IPEndPoint(IPAddress.Parse("10.1.2.3"), 8443)));
        Assert.Equal("backend", config.SelectCluster(null, new IPEndPoint(IPAddress.Parse("10.2.2.3"), 443)));
    }

    [Fact]
    public void CreateFactory_ClusterAndRoutes_ClusterWinsWithWarning()
    {
        var (config, diagnostics) = Parse("""{"cluster": "backend", "routes": [{"cluster": "other"}]}""");

        Assert.Empty(diagnostics.Errors);
        Assert.Equal(Path + ".routes", Assert.Single(diagnostics.Warnings).Path);
        Assert.Equal("backend", config!.SelectCluster(null, null));
    }

    [Theory]
    [InlineData("""{}""", ".cluster")]
    [InlineData("""{"cluster": ""}""", ".cluster")]
    [InlineData("""{"cluster": "missing"}""", ".cluster")]
    [InlineData("""{"cluster": 7}""", ".cluster")]
    [InlineData("""{"cluster": "backend", "idle_timeout": "1 minute"}""", ".idle_timeout")]
    [InlineData("""{"cluster": "backend", "idle_timeout": "-1s"}""", ".idle_timeout")]
    [InlineData("""{"cluster": "backend", "max_connect_attempts": -1}""", ".max_connect_attempts")]
    [InlineData("""{"cluster": "backend", "max_connect_attempts": "3"}""", ".max_connect_attempts")]
    [InlineData("""{"routes": []}""", ".routes")]
    [InlineData("""{"routes": {}}""", ".routes")]
    [InlineData("""{"routes": [{"cluster": "missing"}]}""", ".routes[0].cluster")]
    [InlineData("""{"routes": [{}]}""", ".routes[0].cluster")]
    [InlineData("""{"routes": [{"cluster": "backend", "source_addrs": ["300.0.0.0/8"]}]}""", ".routes[0].source_addrs[0]")]
    [InlineData("""{"routes": [{"cluster": "backend", "source_addrs": ["10.0.0.0/33"]}]}""", ".routes[0].source_addrs[0]")]
    [InlineData("""{"routes": [{"cluster": "backend", "destination_addrs": [{"address": "10.0.0.0"}]}]}""", ".routes[0].destination_addrs[0].length")]
    [InlineData("""{"routes": [{"cluster": "backend", "destination_addrs": [{"length": 8}]}]}""", ".routes[0].destination_addrs[0].address")]
    [InlineData("""{"routes": [{"cluster": "backend", "source_port": "80-70"}]}""", ".routes[0].source_port")]
    [InlineData("""{"routes": [{"cluster": "backend", "destination_port": "http"}]}""", ".routes[0].destination_port")]
    [InlineData("""{"routes": [{"cluster": "backend", "destination_port": "70000"}]}""", ".routes[0].destination_port")]
    [InlineData("""  "backend"  """, "")]
    public void CreateFactory_Invalid_ErrorAtPath(string json, string relativePath)
    {
        var (config, diagnostics) = Parse(json);

        Assert.Null(config);
        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal(Path + relativePath, error.Path);
    }

    [Fact]
    public void CreateFactory_UnknownKeys_Warned()
    {
        var (config, diagnostics) = Parse("""{"cluster": "backend", "access_log": [], "routes": [{"cluster": "other", "weight": 1}]}""");

        Assert.NotNull(config);
        Assert.Contains(diagnostics.Warnings, w => w.Path == Path + ".access_log");
        Assert.Contains(diagnostics.Warnings, w => w.Path == Path + ".routes[0].weight");
    }
}
