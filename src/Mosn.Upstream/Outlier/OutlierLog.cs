using Microsoft.Extensions.Logging;

namespace Mosn.Upstream.Outlier;

/// <summary>Log messages of outlier detection.</summary>
internal static partial class OutlierLog
{
    [LoggerMessage(5201, LogLevel.Warning, "Cluster {Cluster}: host {Address} ejected ({Reason}) for {Duration}")]
    public static partial void Ejected(ILogger logger, string cluster, string address, string reason, TimeSpan duration);

    [LoggerMessage(5202, LogLevel.Information, "Cluster {Cluster}: host {Address} returned after its ejection")]
    public static partial void Returned(ILogger logger, string cluster, string address);
}
