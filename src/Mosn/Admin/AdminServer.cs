using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Config;
using Mosn.Hosting;

namespace Mosn.Admin;

/// <summary>
/// The admin API on Kestrel (an ASP.NET Core minimal API): MOSN's <c>/api/v1/*</c> endpoints, <c>/metrics</c> in the
/// Prometheus text format, <c>/ready</c> and <c>/healthz</c>. Started and stopped by <see cref="MosnServer"/> when the
/// config has an <c>admin</c> section.
/// </summary>
/// <remarks>Handlers only read the server's state (and set the log level); they are safe on any thread.</remarks>
internal sealed partial class AdminServer : IAsyncDisposable
{
    private const int MaxRequestBodyBytes = 64 * 1024;

    private readonly MosnServer _server;
    private readonly MetricsCollector _metrics;
    private readonly AdminConfig _config;
    private readonly ILogger _logger;
    private readonly WebApplication _app;

    /// <summary>
    /// Builds (does not start) the admin API of <paramref name="server"/> on <paramref name="config"/>'s address, or on
    /// <paramref name="inherited"/> (a listening socket received from the process being upgraded) when not null.
    /// </summary>
    public AdminServer(MosnServer server, MetricsCollector metrics, AdminConfig config, ILoggerFactory loggerFactory, Socket? inherited = null)
    {
        ListenSocket = inherited;
        _server = server;
        _metrics = metrics;
        _config = config;
        _logger = loggerFactory.CreateLogger<AdminServer>();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        // The listening socket is ours (created here, or inherited), so that a hot upgrade can hand it over.
        builder.WebHost.UseSockets(o => o.CreateBoundListenSocket = endPoint =>
        {
            ListenSocket ??= SocketTransportOptions.CreateDefaultBoundListenSocket(endPoint);
            return ListenSocket;
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            o.Listen(IPAddress.Parse(config.Address), config.Port);
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, AdminHostLifetime>();
        _app = builder.Build();
        _app.MapGet("/", (RequestDelegate)HelpAsync);
        _app.MapGet("/api/v1/config_dump", (RequestDelegate)ConfigDumpAsync);
        _app.MapGet("/api/v1/stats", (RequestDelegate)StatsAsync);
        _app.MapPost("/api/v1/update_loglevel", (RequestDelegate)UpdateLogLevelAsync);
        _app.MapGet("/api/v1/get_loglevel", (RequestDelegate)GetLogLevelAsync);
        _app.MapGet("/api/v1/states", (RequestDelegate)StatesAsync);
        _app.MapPost("/api/v1/reload", (RequestDelegate)ReloadAsync);
        _app.MapGet("/api/v1/features", (RequestDelegate)FeaturesAsync);
        _app.MapGet("/api/v1/version", (RequestDelegate)VersionAsync);
        _app.MapGet("/metrics", (RequestDelegate)MetricsAsync);
        _app.MapGet("/ready", (RequestDelegate)ReadyAsync);
        _app.MapGet("/healthz", (RequestDelegate)HealthzAsync);
    }

    /// <summary>The endpoints, for the help page and the docs.</summary>
    public static IReadOnlyList<string> Endpoints { get; } =
    [
        "GET /api/v1/config_dump[?mosnconfig|allrouters|allclusters|alllisteners|router=NAME|cluster=NAME|listener=NAME]",
        "GET /api/v1/stats[?key=GROUP]",
        "POST /api/v1/update_loglevel {\"log_path\": \"...\", \"log_level\": \"DEBUG\"}",
        "GET /api/v1/get_loglevel",
        "GET /api/v1/states",
        "POST /api/v1/reload (re-reads the configuration file; 200 applied, 400 rejected with its errors)",
        "GET /api/v1/features[?key=NAME]",
        "GET /api/v1/version",
        "GET /metrics",
        "GET /ready",
        "GET /healthz",
    ];

    /// <summary>The listening socket (after <see cref="StartAsync"/>), for a hot upgrade to hand over. Owned by Kestrel: do not close it.</summary>
    public Socket? ListenSocket { get; private set; }

    /// <summary>The bound address (after <see cref="StartAsync"/>).</summary>
    public IPEndPoint? BoundAddress { get; private set; }

    /// <summary>Binds and starts. Throws <see cref="InvalidOperationException"/> naming the address when it cannot bind.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _app.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            throw new InvalidOperationException($"admin API: cannot bind {_config.Address}:{_config.Port}: {ex.Message}", ex);
        }

        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var port = address is not null && Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri.Port : _config.Port;
        BoundAddress = new IPEndPoint(IPAddress.Parse(_config.Address), port);
        Log.Listening(_logger, BoundAddress);
    }

    /// <summary>Stops answering (in-flight admin requests get a second to finish). Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await _app.StopAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // The grace period ran out: Kestrel aborted what was left.
        }

        await _app.DisposeAsync();
    }

    private static Task TextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    private static async Task JsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    private Task HelpAsync(HttpContext context) =>
        TextAsync(context, StatusCodes.Status200OK, $"Mosn.NET {MosnApplication.Version} admin API\n" + string.Join('\n', Endpoints) + "\n");

    private Task ConfigDumpAsync(HttpContext context)
    {
        if (_server.ConfigJson is not { } json || ConfigDump.LoadRedacted(json) is not { } root)
        {
            return TextAsync(context, StatusCodes.Status404NotFound, "the configuration text is not available\n");
        }

        var query = context.Request.Query;
        if (query.Count > 1)
        {
            return TextAsync(context, StatusCodes.Status400BadRequest, "only one parameter is supported\n");
        }

        var (key, name) = query.Count == 0 ? (null, null) : (query.Keys.First(), (string?)query[query.Keys.First()]);
        var selected = ConfigDump.Select(root, key, name);
        return selected is null
            ? TextAsync(context, StatusCodes.Status404NotFound, $"nothing matches \"{key}={name}\"\n")
            : JsonAsync(context, StatusCodes.Status200OK, w => selected.WriteTo(w));
    }

    private Task StatsAsync(HttpContext context)
    {
        IReadOnlyList<MetricFamily> families = _metrics.Collect();
        if (context.Request.Query.TryGetValue("key", out var key) && !string.IsNullOrEmpty(key))
        {
            var prefix = $"{MosnMetrics.MeterName.ToLowerInvariant()}.{key}.";
            families = families.Where(f => f.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            if (families.Count == 0)
            {
                return TextAsync(context, StatusCodes.Status200OK, $"no metrics key: {key}\n");
            }
        }

        return JsonAsync(context, StatusCodes.Status200OK, w => StatsJsonWriter.Write(families, w));
    }

    private async Task UpdateLogLevelAsync(HttpContext context)
    {
        if (_server.LogLevelSwitch is not { } levels)
        {
            await TextAsync(context, StatusCodes.Status501NotImplemented, "the log level of this server is fixed\n");
            return;
        }

        string? level = null;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            if (body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("log_level", out var value) && value.ValueKind == JsonValueKind.String)
            {
                level = value.GetString();
            }
        }
        catch (Exception ex) when (ex is JsonException or BadHttpRequestException)
        {
            // Not JSON, or larger than the body limit: the answer below says what is expected.
        }

        if (string.IsNullOrEmpty(level) || LogLevelNames.Parse(level) is not { } parsed)
        {
            await TextAsync(context, StatusCodes.Status400BadRequest,
                "update logger failed: expected {\"log_path\": \"...\", \"log_level\": \"TRACE|DEBUG|INFO|WARN|ERROR|FATAL\"}\n");
            return;
        }

        var previous = levels.Level;
        levels.Level = parsed;
        Log.LogLevelChanged(_logger, LogLevelNames.Format(previous), LogLevelNames.Format(parsed));
        await TextAsync(context, StatusCodes.Status200OK, "update logger success\n");
    }

    private Task GetLogLevelAsync(HttpContext context)
    {
        var path = _server.Config.Servers.Count > 0 && !string.IsNullOrEmpty(_server.Config.Servers[0].DefaultLogPath)
            ? _server.Config.Servers[0].DefaultLogPath!
            : "stdout";
        var level = _server.LogLevelSwitch?.Level ?? LogLevel.Information;
        return JsonAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString(path, LogLevelNames.Format(level));
            w.WriteEndObject();
        });
    }

    private async Task ReloadAsync(HttpContext context)
    {
        var result = await _server.ReloadFromFileAsync();
        await JsonAsync(context, result.Applied ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("applied", result.Applied);
            w.WriteStartArray("changes");
            foreach (var change in result.Changes)
            {
                w.WriteStringValue(change);
            }

            w.WriteEndArray();
            w.WriteStartArray("errors");
            foreach (var error in result.Diagnostics.Errors)
            {
                w.WriteStringValue(error.ToString());
            }

            w.WriteEndArray();
            w.WriteStartArray("warnings");
            foreach (var warning in result.Diagnostics.Warnings)
            {
                w.WriteStringValue(warning.ToString());
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private Task StatesAsync(HttpContext context) =>
        TextAsync(context, StatusCodes.Status200OK, $"pid={Environment.ProcessId}&state={(int)_server.State}\n");

    private Task FeaturesAsync(HttpContext context)
    {
        if (context.Request.Query.TryGetValue("key", out var key))
        {
            return TextAsync(context, StatusCodes.Status200OK, KnownFeatures.All.GetValueOrDefault(key.ToString()) ? "true" : "false");
        }

        return JsonAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            foreach (var (name, enabled) in KnownFeatures.All.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                w.WriteBoolean(name, enabled);
            }

            w.WriteEndObject();
        });
    }

    private Task VersionAsync(HttpContext context) => TextAsync(context, StatusCodes.Status200OK, MosnApplication.Version);

    private Task MetricsAsync(HttpContext context)
    {
        var text = new StringBuilder(16 * 1024);
        PrometheusTextWriter.Write(_metrics.Collect(), text);
        MosnMetrics.WriteHistograms(text);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = PrometheusTextWriter.ContentType;
        return context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }

    private Task ReadyAsync(HttpContext context)
    {
        var state = _server.State;
        return state == ServerState.Running
            ? TextAsync(context, StatusCodes.Status200OK, "ready\n")
            : TextAsync(context, StatusCodes.Status503ServiceUnavailable, $"not ready: {state}\n");
    }

    private Task HealthzAsync(HttpContext context) => TextAsync(context, StatusCodes.Status200OK, "ok\n");

    private static partial class Log
    {
        [LoggerMessage(3101, LogLevel.Information, "Admin API listening on {EndPoint}")]
        public static partial void Listening(ILogger logger, EndPoint endPoint);

        [LoggerMessage(3102, LogLevel.Warning, "Log level changed from {Previous} to {Level} through the admin API")]
        public static partial void LogLevelChanged(ILogger logger, string previous, string level);
    }
}
