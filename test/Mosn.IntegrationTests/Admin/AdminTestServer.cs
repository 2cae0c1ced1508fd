using System.Net;
using Microsoft.Extensions.Logging;
using Mosn.Admin;
using Mosn.Configuration;
using Mosn.Hosting;

namespace Mosn.IntegrationTests.Admin;

/// <summary>A <see cref="MosnServer"/> started from JSON the way <c>mosn start</c> starts it: config text and a log level switch set.</summary>
public sealed class AdminTestServer : IAsyncDisposable
{
    private AdminTestServer(MosnServer server, ILoggerFactory loggerFactory, LogLevelSwitch levels, CollectingLoggerProvider logs)
    {
        Logs = logs;
        Server = server;
        LoggerFactory = loggerFactory;
        Levels = levels;
    }

    public MosnServer Server { get; }

    /// <summary>The server's logger factory (one collecting provider), whose minimum level follows <see cref="Levels"/>.</summary>
    public ILoggerFactory LoggerFactory { get; }

    public LogLevelSwitch Levels { get; }

    /// <summary>What the server logged.</summary>
    public CollectingLoggerProvider Logs { get; }

    /// <summary>http://127.0.0.1:port of the admin API.</summary>
    public Uri AdminUrl => new($"http://127.0.0.1:{Server.AdminAddress!.Port}");

    /// <summary>http://127.0.0.1:port of a listener.</summary>
    public Uri Url(string listener) => new($"http://127.0.0.1:{((IPEndPoint)Server.ListenerAddresses[listener]!).Port}");

    public static async Task<AdminTestServer> StartAsync(string json)
    {
        var levels = new LogLevelSwitch(LogLevel.Information);
        var logs = new CollectingLoggerProvider();
        var loggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => levels.Apply(b.AddProvider(logs)));
        var loaded = MosnConfigLoader.Load(json, "test config");
        var diagnostics = loaded.Diagnostics;
        MosnServer? server = null;
        if (loaded.Config is not null)
        {
            var registry = BuiltInExtensions.CreateBuilder(loggerFactory).Build();
            server = MosnServer.TryCreate(loaded.Config, registry, loggerFactory, TimeProvider.System, diagnostics);
        }

        if (server is null)
        {
            loggerFactory.Dispose();
            throw new InvalidOperationException("invalid test config:\n" + string.Join("\n", diagnostics.Errors));
        }

        server.ConfigJson = json;
        server.LogLevelSwitch = levels;
        await server.StartAsync(CancellationToken.None);
        return new AdminTestServer(server, loggerFactory, levels, logs);
    }

    /// <summary>
    /// One HTTP/1 proxy listener "proxy" routing everything to cluster "a" at <paramref name="backend"/>, an admin API on
    /// 127.0.0.1:0, and secrets in places the loader ignores (with warnings).
    /// </summary>
    public static string Config(string backend, bool admin = true) => $$"""
        {
          "servers": [{
            "default_log_level": "INFO",
            "graceful_timeout": "5s",
            "routers": [{ "router_config_name": "r", "virtual_hosts": [{ "name": "all", "domains": ["*"], "routers": [{ "match": { "prefix": "/" }, "route": { "cluster_name": "a" } }] }] }],
            "listeners": [{
              "name": "proxy",
              "address": "127.0.0.1:0",
              "bind_port": true,
              "db_password": "hunter2",
              "filter_chains": [{ "filters": [{ "type": "proxy", "config": { "downstream_protocol": "Http1", "upstream_protocol": "Http1", "router_config_name": "r" } }] }]
            }]
          }],
          "cluster_manager": { "clusters": [
            { "name": "a", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "connect_timeout": "2s", "hosts": [{ "address": "{{backend}}" }],
              "extra": { "Client_Secret": { "value": "s3cr3t" }, "api_token": ["t0k3n"], "private_key_file": "/etc/key.pem" } }
          ] }
          {{(admin ? """, "admin": { "address": { "socket_address": { "address": "127.0.0.1", "port_value": 0 } } }""" : "")}}
        }
        """;

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync(TimeSpan.FromSeconds(1));
        LoggerFactory.Dispose();
    }
}
