using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Config;
using Mosn.Admin;
using Mosn.Configuration;
using Mosn.Hosting.Upgrade;

namespace Mosn.Hosting;

/// <summary>The <c>mosn</c> command line: <c>start</c>, <c>validate</c>, <c>version</c>.</summary>
public static class MosnApplication
{
    /// <summary>
    /// The environment variable that makes System.Net.Sockets run socket completions inline on its epoll threads; the
    /// <c>mosn</c> executable sets it to 1 at start unless the environment already has a value.
    /// </summary>
    public const string InlineSocketCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>The product version.</summary>
    public static string Version => typeof(MosnApplication).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private const string Usage = """
        Usage:
          mosn start [-c FILE] [--log-level LEVEL] [--upgrade-socket PATH|off]
                                                      run the proxy (no -c: the embedded default config);
                                                      a running mosn on the same upgrade socket hands over its
                                                      listeners and drains (hot upgrade); SIGHUP reloads FILE
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
        string? upgradeSocket = Environment.GetEnvironmentVariable("MOSN_UPGRADE_SOCKET");
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
                case "--upgrade-socket" when i + 1 < rest.Length:
                    upgradeSocket = rest[++i];
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
                return await StartAsync(configPath, logLevel, upgradeSocket, stdout, stderr);
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

    /// <summary>
    /// The upgrade socket's path: <paramref name="option"/> (<c>off</c> disables hot upgrade), else one per config file in
    /// the temporary directory, named after a hash of the file's full path so that two proxies with different files never
    /// meet, and a new process started with the same file finds the running one.
    /// </summary>
    internal static string? UpgradeSocketPath(string? option, string? configPath)
    {
        if (string.Equals(option, "off", StringComparison.OrdinalIgnoreCase) || string.Equals(option, "none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!string.IsNullOrEmpty(option))
        {
            return Path.GetFullPath(option);
        }

        var key = configPath is null ? "embedded default config" : Path.GetFullPath(configPath);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..16];
        return Path.Combine(Path.GetTempPath(), $"mosn-upgrade-{hash}.sock");
    }

    private static async Task<int> StartAsync(string? path, string? logLevel, string? upgradeOption, TextWriter stdout, TextWriter stderr)
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
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning) // the admin API's per-request lines
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
        server.ConfigPath = path;
        server.LogLevelSwitch = levelSwitch;
        var stop = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(false); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(false); });
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c =>
        {
            c.Cancel = true;
            _ = Task.Run(server.ReloadFromFileAsync);
        });

        // SIGUSR1 (10 on Linux): reopen the access log files (log rotation), as MOSN does.
        using var sigusr1 = PosixSignalRegistration.Create((PosixSignal)10, c =>
        {
            c.Cancel = true;
            Mosn.Proxy.AccessLog.AccessLogFiles.Reopen();
            logger.LogInformation("SIGUSR1: access log files reopened");
        });

        // Hot upgrade: a running process on our upgrade socket hands its listening sockets over.
        var upgradePath = UpgradeSocketPath(upgradeOption, path);
        UpgradeClient? upgrade = null;
        if (upgradePath is not null)
        {
            try
            {
                upgrade = await UpgradeClient.TryConnectAsync(upgradePath, logger);
            }
            catch (IOException ex)
            {
                await stderr.WriteLineAsync($"mosn: {ex.Message}");
                await server.DisposeAsync();
                return 1;
            }
        }

        try
        {
            await server.StartAsync(upgrade?.Sockets, CancellationToken.None);
        }
        catch (InvalidOperationException ex)
        {
            await stderr.WriteLineAsync($"mosn: {ex.Message}");
            upgrade?.Dispose(); // the old process keeps serving
            await server.DisposeAsync();
            return 1;
        }
        finally
        {
            // Received sockets that no listener of ours adopted (addresses we do not serve) are closed here; the old
            // process still holds its own until it exits.
            if (upgrade is not null)
            {
                foreach (var s in upgrade.Sockets.Where(s => !server.Adopted(s.Socket)))
                {
                    s.Socket.Dispose();
                }
            }
        }

        if (upgrade is not null)
        {
            await upgrade.CompleteAsync();
            upgrade.Dispose();
        }

        UpgradeServer? upgradeServer = null;
        if (upgradePath is not null)
        {
            try
            {
                upgradeServer = UpgradeServer.Start(upgradePath, server.GetHandoverSockets, () =>
                {
                    stop.TrySetResult(true);
                    return Task.CompletedTask;
                }, logger);
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Hot upgrade disabled: cannot listen on {Path}: {Error}", upgradePath, ex.Message);
            }
        }

        logger.LogInformation("Mosn.NET {Version} started from {Source}; listeners: {Listeners}; admin API: {Admin}; pid {Pid}", Version, source,
            string.Join(", ", server.ListenerAddresses.Select(kv => $"{kv.Key}@{kv.Value}")), server.AdminAddress?.ToString() ?? "off", Environment.ProcessId);
        var handedOver = await stop.Task;
        if (upgradeServer is not null)
        {
            await upgradeServer.DisposeAsync();
        }

        await server.StopAsync(server.DrainTimeout, handedOver);
        return 0;
    }
}
