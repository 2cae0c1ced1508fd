using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>One entry of <c>servers</c>.</summary>
public sealed record ServerConfig
{
    /// <summary>Server name (<c>mosn_server_name</c>).</summary>
    public string? MosnServerName { get; init; }

    /// <summary>Log destination ("stdout", "stderr" or a file path) (<c>default_log_path</c>).</summary>
    public string? DefaultLogPath { get; init; }

    /// <summary>Log level (DEBUG, INFO, WARN, ERROR, FATAL) (<c>default_log_level</c>).</summary>
    public string? DefaultLogLevel { get; init; }

    /// <summary>How long a graceful stop waits for in-flight requests (<c>graceful_timeout</c>).</summary>
    public TimeSpan GracefulTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Listeners (<c>listeners</c>).</summary>
    public IReadOnlyList<ListenerConfig> Listeners { get; init; } = [];

    /// <summary>Named route tables (<c>routers</c>).</summary>
    public IReadOnlyList<RouterConfig> Routers { get; init; } = [];
}
