using System.Net;
using Mosn.Abstractions.Config;
using Mosn.Configuration;
using Mosn.Hosting;
using Mosn.Testing;

namespace Mosn.IntegrationTests.Infrastructure;

/// <summary>An in-process <see cref="MosnServer"/> started from config JSON text.</summary>
public sealed class ProxyInstance : IAsyncDisposable
{
    private ProxyInstance(MosnServer server) => Server = server;

    public MosnServer Server { get; }

    /// <summary>Loads and starts <paramref name="json"/>; throws with every diagnostic when it is invalid.</summary>
    public static Task<ProxyInstance> StartAsync(string json) => StartAsync(json, resolver: null);

    /// <summary>As <see cref="StartAsync(string)"/>, with the resolver STRICT_DNS clusters use.</summary>
    public static Task<ProxyInstance> StartAsync(string json, Mosn.Upstream.Clusters.IHostNameResolver? resolver) => StartAsync(json, resolver, extend: null);

    /// <summary>As <see cref="StartAsync(string)"/>, with extensions (e.g. a test's own stream filter) added to the built-in ones.</summary>
    public static Task<ProxyInstance> StartAsync(string json, Action<ExtensionRegistryBuilder> extend) => StartAsync(json, resolver: null, extend);

    private static async Task<ProxyInstance> StartAsync(string json, Mosn.Upstream.Clusters.IHostNameResolver? resolver, Action<ExtensionRegistryBuilder>? extend)
    {
        var loaded = MosnConfigLoader.Load(json, "test config");
        var diagnostics = loaded.Diagnostics;
        MosnServer? server = null;
        if (loaded.Config is not null)
        {
            var builder = BuiltInExtensions.CreateBuilder(TestLogging.Factory);
            extend?.Invoke(builder);
            var registry = builder.Build();
            server = MosnServer.TryCreate(loaded.Config, registry, TestLogging.Factory, TimeProvider.System, diagnostics, resolver);
        }

        if (server is null)
        {
            throw new InvalidOperationException("invalid test config:\n" + string.Join("\n", diagnostics.Errors));
        }

        server.ConfigJson = json;
        await server.StartAsync(CancellationToken.None);
        return new ProxyInstance(server);
    }

    /// <summary>The bound address of a listener.</summary>
    public IPEndPoint Address(string listener) => (IPEndPoint)Server.ListenerAddresses[listener]!;

    /// <summary>http://127.0.0.1:port of a listener.</summary>
    public Uri Url(string listener) => new($"http://127.0.0.1:{Address(listener).Port}");

    public async ValueTask DisposeAsync() => await Server.StopAsync(TimeSpan.FromSeconds(1));
}
