using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mosn.IntegrationTests.Infrastructure;

/// <summary>
/// A real ASP.NET Core Kestrel server on 127.0.0.1:0 (HTTP/1.1) used as the upstream in integration tests.
/// </summary>
/// <remarks>
/// Endpoints: <c>/hello</c> (its name), <c>/echo</c> (streams the request body back), <c>/count</c> (reads the body
/// and returns its length), <c>/big?n=N</c> (streams N bytes), <c>/status/{code}</c>, <c>/delay/{ms}</c>,
/// <c>/headers</c> (request headers as "name: value" lines), anything else: 200 with its name and path.
/// It counts requests and distinct connections.
/// </remarks>
public sealed class KestrelBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte> _connections = new();
    private int _requests;

    private KestrelBackend(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    public string Name { get; }

    public int Port { get; private set; }

    public string Address => $"127.0.0.1:{Port}";

    public int Requests => Volatile.Read(ref _requests);

    public int Connections => _connections.Count;

    /// <summary>Starts a backend named <paramref name="name"/>.</summary>
    /// <param name="name">Returned in the <c>x-backend</c> response header and by the fallback endpoint.</param>
    /// <param name="custom">When set, handles every request instead of the built-in endpoints.</param>
    /// <param name="protocols">
    /// The listener's protocols: <see cref="HttpProtocols.Http1"/> (the default), or <see cref="HttpProtocols.Http2"/>
    /// for h2c with prior knowledge (the listener is plain TCP).
    /// </param>
    public static async Task<KestrelBackend> StartAsync(string name, Func<HttpContext, Task>? custom = null, HttpProtocols protocols = HttpProtocols.Http1)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, o => o.Protocols = protocols);
            k.Limits.MaxRequestBodySize = null;
            k.Limits.MinRequestBodyDataRate = null;
            k.Limits.MinResponseDataRate = null;
        });
        var app = builder.Build();
        var backend = new KestrelBackend(app, name);
        app.Use(async (ctx, next) =>
        {
            Interlocked.Increment(ref backend._requests);
            backend._connections.TryAdd(ctx.Connection.Id, 0);
            ctx.Response.Headers["x-backend"] = name;
            if (custom is not null)
            {
                await custom(ctx);
                return;
            }

            await next(ctx);
        });
        app.Map("/echo", async ctx =>
        {
            if (ctx.Request.ContentType is { } ct)
            {
                ctx.Response.ContentType = ct;
            }

            await ctx.Request.Body.CopyToAsync(ctx.Response.Body);
        });
        app.Map("/count", async ctx =>
        {
            var buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = await ctx.Request.Body.ReadAsync(buffer)) > 0)
            {
                total += n;
            }

            await ctx.Response.WriteAsync(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        app.Map("/big", async ctx =>
        {
            var n = long.Parse(ctx.Request.Query["n"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            if (ctx.Request.Query.ContainsKey("cl"))
            {
                ctx.Response.ContentLength = n;
            }

            var chunk = new byte[64 * 1024];
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = (byte)(i % 251);
            }

            long sent = 0;
            while (sent < n)
            {
                var size = (int)Math.Min(chunk.Length, n - sent);
                await ctx.Response.Body.WriteAsync(chunk.AsMemory(0, size));
                sent += size;
            }
        });
        app.Map("/status/{code:int}", (HttpContext ctx, int code) =>
        {
            ctx.Response.StatusCode = code;
            return Task.CompletedTask;
        });
        app.Map("/delay/{ms:int}", async (HttpContext ctx, int ms) =>
        {
            await Task.Delay(ms, ctx.RequestAborted);
            await ctx.Response.WriteAsync($"{name} delayed {ms}");
        });
        app.Map("/headers", async ctx =>
        {
            var lines = string.Join("\n", ctx.Request.Headers.Select(h => $"{h.Key.ToLowerInvariant()}: {h.Value}"));
            await ctx.Response.WriteAsync(lines + "\n");
        });
        app.MapFallback(async ctx => await ctx.Response.WriteAsync($"{name} {ctx.Request.Path}{ctx.Request.QueryString}"));
        await app.StartAsync();
        var address = app.Urls.First();
        backend.Port = new Uri(address).Port;
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }
}
