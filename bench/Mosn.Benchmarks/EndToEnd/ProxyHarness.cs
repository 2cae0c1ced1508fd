using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Mosn.Configuration;
using Mosn.Hosting;

namespace Mosn.Benchmarks.EndToEnd;

/// <summary>
/// An in-process <see cref="MosnServer"/> with one HTTP/1 listener routing everything to one cluster whose only host
/// is a <see cref="RawHttpBackend"/>.
/// </summary>
public sealed class ProxyHarness : IAsyncDisposable
{
    private ProxyHarness(RawHttpBackend backend, MosnServer server)
    {
        Backend = backend;
        Server = server;
        ProxyAddress = (IPEndPoint)server.ListenerAddresses["proxy"]!;
    }

    public RawHttpBackend Backend { get; }

    public MosnServer Server { get; }

    public IPEndPoint ProxyAddress { get; }

    public static async Task<ProxyHarness> StartAsync()
    {
        var backend = new RawHttpBackend();
        var json = $$"""
            {
              "servers": [{
                "default_log_level": "WARN",
                "routers": [{ "router_config_name": "r", "virtual_hosts": [
                  { "name": "all", "domains": ["*"], "routers": [{ "match": { "prefix": "/" }, "route": { "cluster_name": "backend" } }] } ] }],
                "listeners": [{
                  "name": "proxy",
                  "address": "127.0.0.1:0",
                  "bind_port": true,
                  "filter_chains": [{ "filters": [{ "type": "proxy", "config": { "downstream_protocol": "Http1", "upstream_protocol": "Http1", "router_config_name": "r" } }] }]
                }]
              }],
              "cluster_manager": { "clusters": [
                { "name": "backend", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "connect_timeout": "2s", "hosts": [{ "address": "{{backend.Address}}" }] } ] }
            }
            """;
        var loaded = MosnConfigLoader.Load(json, "benchmark config");
        var registry = BuiltInExtensions.CreateBuilder(NullLoggerFactory.Instance).Build();
        var server = loaded.Config is null ? null
            : MosnServer.TryCreate(loaded.Config, registry, NullLoggerFactory.Instance, TimeProvider.System, loaded.Diagnostics);
        if (server is null)
        {
            backend.Dispose();
            throw new InvalidOperationException("invalid benchmark config:\n" + string.Join("\n", loaded.Diagnostics.Errors));
        }

        await server.StartAsync(CancellationToken.None);
        return new ProxyHarness(backend, server);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync(TimeSpan.FromSeconds(1));
        Backend.Dispose();
    }
}
