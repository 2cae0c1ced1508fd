using Microsoft.Extensions.Logging;

namespace Mosn.Upstream.HealthChecking;

/// <summary>Log messages of active health checking.</summary>
internal static partial class HealthCheckLog
{
    [LoggerMessage(5211, LogLevel.Warning, "Cluster {Cluster}: host {Address} failed {Failures} health check(s) in a row; marked unhealthy")]
    public static partial void Unhealthy(ILogger logger, string cluster, string address, int failures);

    [LoggerMessage(5212, LogLevel.Information, "Cluster {Cluster}: host {Address} passed its health checks; marked healthy")]
    public static partial void Healthy(ILogger logger, string cluster, string address);

    [LoggerMessage(5213, LogLevel.Error, "Cluster {Cluster}: the health check of host {Address} threw")]
    public static partial void ProbeThrew(ILogger logger, Exception exception, string cluster, string address);

    [LoggerMessage(5214, LogLevel.Debug, "Cluster {Cluster}: health checking {HostCount} hosts with {Session} every {Interval}")]
    public static partial void Started(ILogger logger, string cluster, int hostCount, string session, TimeSpan interval);
}
