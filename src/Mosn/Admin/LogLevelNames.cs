using Microsoft.Extensions.Logging;

namespace Mosn.Admin;

/// <summary>MOSN's log level names (<c>TRACE</c>, <c>DEBUG</c>, <c>INFO</c>, <c>WARN</c>, <c>ERROR</c>, <c>FATAL</c>) and their <see cref="LogLevel"/>s. Stateless.</summary>
public static class LogLevelNames
{
    /// <summary>The level for a MOSN name (case-insensitive; <c>WARNING</c> and <c>CRITICAL</c> too); null or empty is <c>INFO</c>; null for an unknown name.</summary>
    public static LogLevel? Parse(string? name) => name?.ToUpperInvariant() switch
    {
        null or "" or "INFO" => LogLevel.Information,
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "WARN" or "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "FATAL" or "CRITICAL" => LogLevel.Critical,
        _ => null,
    };

    /// <summary>The MOSN name of <paramref name="level"/> (<see cref="LogLevel.None"/> is <c>OFF</c>).</summary>
    public static string Format(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "FATAL",
        _ => "OFF",
    };
}
