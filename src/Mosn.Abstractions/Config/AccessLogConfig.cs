using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>An access log of a listener.</summary>
public sealed record AccessLogConfig
{
    /// <summary>File path (<c>log_path</c>).</summary>
    public string? LogPath { get; init; }

    /// <summary>Format with MOSN variables (<c>log_format</c>).</summary>
    public string? LogFormat { get; init; }
}
