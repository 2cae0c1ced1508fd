using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mosn.IntegrationTests.Grpc;

/// <summary>
/// A real Grpc.AspNetCore server hosting <see cref="EchoService"/> on 127.0.0.1:0 over h2c (HTTP/2 with prior
/// knowledge on plain TCP), used as the upstream of the gRPC integration tests. It records what the service observed.
/// </summary>
public sealed class GrpcBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private GrpcBackend(WebApplication app) => _app = app;

    /// <summary>The bound port.</summary>
    public int Port { get; private set; }

    /// <summary>host:port for a cluster's hosts list.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Calls that reached the service.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Completes when a unary <c>delay:MS</c> call has reached the service and begun to wait.</summary>
    public TaskCompletionSource DelayStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the method name the first time a call sees its cancellation token fire.</summary>
    public TaskCompletionSource<string> Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts the server.</summary>
    public static async Task<GrpcBackend> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2);
            k.Limits.MinRequestBodyDataRate = null;
            k.Limits.MinResponseDataRate = null;
        });
        builder.Services.AddGrpc();
        GrpcBackend? backend = null;
        builder.Services.AddSingleton(_ => backend!);
        var app = builder.Build();
        backend = new GrpcBackend(app);
        app.MapGrpcService<EchoService>();
        await app.StartAsync();
        backend.Port = new Uri(app.Urls.First()).Port;
        return backend;
    }

    /// <summary>Counts one call (called by the service).</summary>
    internal void OnCall() => Interlocked.Increment(ref _calls);

    /// <summary>Records that <paramref name="method"/> observed the caller's cancellation (called by the service).</summary>
    internal void OnCancelled(string method) => Cancelled.TrySetResult(method);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }
}
