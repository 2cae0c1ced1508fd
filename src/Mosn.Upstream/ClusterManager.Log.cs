using Microsoft.Extensions.Logging;

namespace Mosn.Upstream;

public sealed partial class ClusterManager
{
    private static partial class Log
    {
        [LoggerMessage(5001, LogLevel.Information, "Cluster {Cluster} updated: {HostCount} hosts, {LbType}")]
        public static partial void ClusterUpdated(ILogger logger, string cluster, int hostCount, string lbType);

        [LoggerMessage(5002, LogLevel.Information, "Cluster {Cluster} removed; its pools are draining")]
        public static partial void ClusterRemoved(ILogger logger, string cluster);

        [LoggerMessage(5004, LogLevel.Debug, "Cluster {Cluster}: original destination {Address} unused for a cleanup interval; host removed, its pools are draining")]
        public static partial void OriginalDstHostRemoved(ILogger logger, string cluster, string address);

        [LoggerMessage(5005, LogLevel.Debug, "Cluster {Cluster}: {Count} {Protocol} pools created to preconnect min_connections")]
        public static partial void WarmedUp(ILogger logger, string cluster, string protocol, int count);
    }

    private static partial class HealthLog
    {
        [LoggerMessage(5003, LogLevel.Debug, "Cluster {Cluster}: healthy hosts changed; balancer rebuilt")]
        public static partial void HostSetRebuilt(ILogger logger, string cluster);
    }
}
