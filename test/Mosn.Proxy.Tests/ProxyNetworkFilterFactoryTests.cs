using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Extensions;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Router;
using Mosn.Abstractions.Streams;
using Mosn.Abstractions.Upstream;
using Mosn.Protocols.Http1;
using Mosn.Proxy;
using Mosn.Router;
using Mosn.Testing;

namespace Mosn.Proxy.Tests;

public sealed class ProxyNetworkFilterFactoryTests
{
    private const string Path = "servers[0].listeners[0].filter_chains[0].filters[0].config";

    private sealed class Protocols : IProtocolRegistry
    {
        private readonly IProtocol _http1 = new Http1Protocol();

        public IReadOnlyList<IProtocol> All => [_http1];

        public bool TryGet(string name, [NotNullWhen(true)] out IProtocol? protocol)
        {
            protocol = string.Equals(name, _http1.Name, StringComparison.OrdinalIgnoreCase) ? _http1 : null;
            return protocol is not null;
        }
    }

    private sealed record Context(IRouterManager RouterManager) : IFilterFactoryContext
    {
        public IClusterManager ClusterManager => throw new NotSupportedException("not used at config time");
        public IConnectionFactory ConnectionFactory => throw new NotSupportedException("not used at config time");
        public IProtocolRegistry Protocols { get; } = new Protocols();
        public ILoggerFactory LoggerFactory => TestLogging.Factory;
        public TimeProvider TimeProvider => TimeProvider.System;
        public IReadOnlyList<IStreamFilterChainFactory> StreamFilters => [];
        public ListenerConfig Listener { get; } = new() { Name = "l" };
    }

    private static (IFilterChainFactory? Factory, ConfigDiagnostics Diagnostics) Create(string json)
    {
        var routers = new RouterManager();
        routers.AddOrUpdate(new RouterConfig
        {
            RouterConfigName = "r",
            VirtualHosts = [new VirtualHostConfig { Name = "v", Domains = ["*"], Routers = [new RouteConfig { Match = new RouteMatchConfig { Prefix = "/" }, DirectResponse = new DirectResponseConfig { Status = 200 } }] }],
        });
        var diagnostics = new ConfigDiagnostics();
        using var doc = JsonDocument.Parse(json);
        var factory = new ProxyNetworkFilterFactory().CreateFactory(doc.RootElement.Clone(), Path, diagnostics, new Context(routers));
        return (factory, diagnostics);
    }

    [Fact]
    public void CreateFactory_ValidConfig_NoDiagnostics()
    {
        var (factory, diagnostics) = Create("""{ "downstream_protocol": "Http1", "upstream_protocol": "Http1", "router_config_name": "r", "use_remote_address": true }""");
        Assert.NotNull(factory);
        Assert.Empty(diagnostics.Errors);
        Assert.Empty(diagnostics.Warnings);
        Assert.IsAssignableFrom<IDrainable>(factory);
    }

    [Fact]
    public void CreateFactory_AutoDownstream_Accepted()
    {
        var (factory, diagnostics) = Create("""{ "downstream_protocol": "Auto", "router_config_name": "r" }""");
        Assert.NotNull(factory);
        Assert.Empty(diagnostics.Errors);
    }

    [Fact]
    public void CreateFactory_UnknownProtocols_ErrorsWithPaths()
    {
        var (factory, diagnostics) = Create("""{ "downstream_protocol": "Http9", "upstream_protocol": "Carrier", "router_config_name": "r" }""");
        Assert.Null(factory);
        Assert.Contains(diagnostics.Errors, e => e.Path == $"{Path}.downstream_protocol" && e.Message.Contains("Http9", StringComparison.Ordinal));
        Assert.Contains(diagnostics.Errors, e => e.Path == $"{Path}.upstream_protocol" && e.Message.Contains("Carrier", StringComparison.Ordinal));
    }

    [Fact]
    public void CreateFactory_RouterMissingOrAbsent_Error()
    {
        var (missing, d1) = Create("""{ "downstream_protocol": "Http1", "router_config_name": "nope" }""");
        Assert.Null(missing);
        Assert.Contains(d1.Errors, e => e.Path == $"{Path}.router_config_name" && e.Message.Contains("nope", StringComparison.Ordinal));
        var (absent, d2) = Create("""{ "downstream_protocol": "Http1" }""");
        Assert.Null(absent);
        Assert.Contains(d2.Errors, e => e.Path == $"{Path}.router_config_name");
    }

    [Fact]
    public void CreateFactory_WrongTypes_Errors()
    {
        var (factory, diagnostics) = Create("""{ "downstream_protocol": 1, "router_config_name": "r", "use_remote_address": "yes" }""");
        Assert.Null(factory);
        Assert.Contains(diagnostics.Errors, e => e.Path == $"{Path}.downstream_protocol");
        Assert.Contains(diagnostics.Errors, e => e.Path == $"{Path}.use_remote_address");
        var (notObject, d2) = Create("""[1, 2]""");
        Assert.Null(notObject);
        Assert.Contains(d2.Errors, e => e.Path == Path);
    }

    [Fact]
    public void CreateFactory_MosnKeysNotImplementedAndUnknownKeys_Warnings()
    {
        var (factory, diagnostics) = Create("""{ "downstream_protocol": "Http1", "router_config_name": "r", "router_handler_name": "x", "concurrency_num": 1, "colour": "blue" }""");
        Assert.NotNull(factory);
        Assert.Contains(diagnostics.Warnings, w => w.Path == $"{Path}.router_handler_name" && w.Message.Contains("not supported", StringComparison.Ordinal));
        Assert.Contains(diagnostics.Warnings, w => w.Path == $"{Path}.concurrency_num");
        Assert.Contains(diagnostics.Warnings, w => w.Path == $"{Path}.colour" && w.Message.Contains("unknown", StringComparison.Ordinal));
    }

    [Fact]
    public void CreateFactory_ExtendConfigHttp1Limits_ParsedAndValidated()
    {
        var good = ProxyNetworkFilterFactory.Parse(
            JsonDocument.Parse("""{ "router_config_name": "r", "extend_config": { "Http1": { "max_header_size": 8192, "max_request_body_size": 4194304 }, "Http2": { "http2_use_stream": true } } }""").RootElement,
            Path, new ConfigDiagnostics(), Ctx());
        Assert.NotNull(good);
        Assert.Equal(8192, good!.ProtocolOptions.MaxHeaderSize);
        Assert.Equal(4194304, good.ProtocolOptions.MaxRequestBodySize);

        var diagnostics = new ConfigDiagnostics();
        var bad = ProxyNetworkFilterFactory.Parse(
            JsonDocument.Parse("""{ "router_config_name": "r", "extend_config": { "http1": { "max_header_size": 10, "max_request_body_size": -1, "colour": 1 } } }""").RootElement,
            Path, diagnostics, Ctx());
        Assert.Null(bad);
        Assert.Contains(diagnostics.Errors, e => e.Path == $"{Path}.extend_config.http1.max_header_size");
        Assert.Contains(diagnostics.Errors, e => e.Path == $"{Path}.extend_config.http1.max_request_body_size");
        Assert.Contains(diagnostics.Warnings, w => w.Path == $"{Path}.extend_config.http1.colour");
    }

    private static Context Ctx()
    {
        var routers = new RouterManager();
        routers.AddOrUpdate(new RouterConfig
        {
            RouterConfigName = "r",
            VirtualHosts = [new VirtualHostConfig { Name = "v", Domains = ["*"], Routers = [new RouteConfig { Match = new RouteMatchConfig { Prefix = "/" }, DirectResponse = new DirectResponseConfig { Status = 200 } }] }],
        });
        return new Context(routers);
    }

    [Fact]
    public void Parse_UpstreamAuto_MeansTheDownstreamProtocol()
    {
        var diagnostics = new ConfigDiagnostics();
        var config = ProxyNetworkFilterFactory.Parse(
            JsonDocument.Parse("""{ "downstream_protocol": "Auto", "upstream_protocol": "Auto", "router_config_name": "r" }""").RootElement,
            Path, diagnostics, Ctx());
        Assert.NotNull(config);
        Assert.Empty(diagnostics.Errors);
        Assert.Null(config!.UpstreamProtocol);
    }
}
