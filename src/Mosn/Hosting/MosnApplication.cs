using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Config;
using Mosn.Admin;
using Mosn.Configuration;

namespace Mosn.Hosting;

/// <summary>The <c>mosn</c> command line: <c>start</c>, <c>validate</c>, <c>version</c>.</summary>
public static class MosnApplication
{
    /// <summary>The product version.</summary>
    public static string Version => typeof(MosnApplication).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private const string Usage = """
        Usage:
          mosn start [-c FILE] [--log-level LEVEL]   run the proxy (no -c: the embedded default config)
          mosn validate -c FILE                       check a config file; exit 0 if valid, 1 with every error otherwise
          mosn version                                print the version
        LEVEL: TRACE, DEBUG, INFO, WARN, ERROR, FATAL (default: the config's default_log_level, else INFO)
        """;

    /// <summary>Runs the command line; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var command = args.Length == 0 || args[0].StartsWith('-') ? "start" : args[0];
        var rest = args.Length == 0 || args[0].StartsWith('-') ? args : args[1..];
        string? configPath = null;
        string? logLevel = null;
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case "-c" or "--config" when i + 1 < rest.Length:
                    configPath = rest[++i];
                    break;
                case "--log-level" or "-l" when i + 1 < rest.Length:
                    logLevel = rest[++i];
                    break;
                case "-h" or "--help":
                    await stdout.WriteLineAsync(Usage);
                    return 0;
                default:
                    await stderr.WriteLineAsync($"mosn: unexpected argument \"{rest[i]}\"\n{Usage}");
                    return 2;
            }
        }

        switch (command)
        {
            case "version":
                await stdout.WriteLineAsync($"mosn (Mosn.NET) {Version}");
                return 0;
            case "validate":
                if (configPath is null)
                {
                    await stderr.WriteLineAsync("mosn validate: -c FILE is required");
                    return 2;
                }

                return await ValidateAsync(configPath, stdout, stderr);
            case "start":
                return await StartAsync(configPath, logLevel, stdout, stderr);
            case "help":
                await stdout.WriteLineAsync(Usage);
                return 0;
            default:
                await stderr.WriteLineAsync($"mosn: unknown command \"{command}\"\n{Usage}");
                return 2;
        }
    }

    /// <summary>Loads a config file (or the embedded default when <paramref name="path"/> is null).</summary>
    public static ConfigLoadResult Load(string? path) => LoadWithText(path).Loaded;

    /// <summary>Loads as <see cref="Load"/> does and also returns the JSON text (null when the file cannot be read).</summary>
    internal static (ConfigLoadResult Loaded, string? Text) LoadWithText(string? path)
    {
        if (path is not null)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                // The loader reads the file again and reports why it cannot, with the config diagnostics.
                return (MosnConfigLoader.LoadFile(path), null);
            }

            return (MosnConfigLoader.Load(text, path), text);
        }

        using var stream = typeof(MosnApplication).Assembly.GetManifestResourceStream("Mosn.default-config.json")
            ?? throw new InvalidOperationException("The embedded default config is missing from the build.");
        using var reader = new StreamReader(stream);
        var json = reader.ReadToEnd();
        return (MosnConfigLoader.Load(json, "embedded default config"), json);
    }

    private static async Task<int> ValidateAsync(string path, TextWriter stdout, TextWriter stderr)
    {
        var loaded = Load(path);
        var diagnostics = loaded.Diagnostics;
        if (loaded.Config is not null)
        {
            using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.None));
            var registry = BuiltInExtensions.CreateBuilder(loggerFactory).Build();
            var server = MosnServer.TryCreate(loaded.Config, registry, loggerFactory, TimeProvider.System, diagnostics);
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }

        foreach (var w in diagnostics.Warnings)
        {
            await stderr.WriteLineAsync($"warning: {path}: {w}");
        }

        foreach (var e in diagnostics.Errors)
        {
            await stderr.WriteLineAsync($"error: {path}: {e}");
        }

        if (diagnostics.HasErrors)
        {
            await stderr.WriteLineAsync($"{path}: invalid ({diagnostics.Errors.Count} error(s))");
            return 1;
        }

        await stdout.WriteLineAsync($"{path}: valid");
        return 0;
    }

    private static async Task<int> StartAsync(string? path, string? logLevel, TextWriter stdout, TextWriter stderr)
    {
        var (loaded, configText) = LoadWithText(path);
        var source = path ?? "embedded default config";
        var level = LogLevelNames.Parse(logLevel ?? (loaded.Config is { Servers.Count: > 0 } c ? c.Servers[0].DefaultLogLevel : null));
        if (level is null)
        {
            await stderr.WriteLineAsync($"mosn: unknown log level \"{logLevel}\"");
            return 2;
        }

        // The admin API's update_loglevel changes the level at run time through this switch.
        var levelSwitch = new LogLevelSwitch(level.Value);
        using var loggerFactory = LoggerFactory.Create(b => levelSwitch.Apply(b
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
            })));
        var logger = loggerFactory.CreateLogger("Mosn");
        var diagnostics = loaded.Diagnostics;
        MosnServer? server = null;
        if (loaded.Config is not null)
        {
            var logPath = loaded.Config.Servers.Count > 0 ? loaded.Config.Servers[0].DefaultLogPath : null;
            if (logPath is not null and not "stdout" and not "stderr" and not "")
            {
                diagnostics.AddWarning("servers[0].default_log_path", $"logging to a file (\"{logPath}\") is not supported yet; logging to stdout");
            }

            var registry = BuiltInExtensions.CreateBuilder(loggerFactory).Build();
            server = MosnServer.TryCreate(loaded.Config, registry, loggerFactory, TimeProvider.System, diagnostics);
        }

        foreach (var w in diagnostics.Warnings)
        {
            logger.LogWarning("config {Source}: {Warning}", source, w);
        }

        if (server is null)
        {
            foreach (var e in diagnostics.Errors)
            {
                await stderr.WriteLineAsync($"error: {source}: {e}");
            }

            await stderr.WriteLineAsync($"mosn: {source}: invalid configuration ({diagnostics.Errors.Count} error(s)); not started");
            return 1;
        }

        server.ConfigJson = configText;
        server.LogLevelSwitch = levelSwitch;
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        try
        {
            await server.StartAsync(CancellationToken.None);
        }
        catch (InvalidOperationException ex)
        {
            await stderr.WriteLineAsync($"mosn: {ex.Message}");
            await server.DisposeAsync();
            return 1;
        }

        logger.LogInformation("Mosn.NET {Version} started from {Source}; listeners: {Listeners}; admin API: {Admin}", Version, source,
            string.Join(", ", server.ListenerAddresses.Select(kv => $"{kv.Key}@{kv.Value}")), server.AdminAddress?.ToString() ?? "off");
        await stop.Task;
        await server.StopAsync(server.DrainTimeout);
        return 0;
    }
}
