using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Configuration.Parsing;

namespace Mosn.Configuration.Mapping;

/// <summary>
/// Maps <c>original_dst_lb_config</c> and settles how a cluster's <c>type</c> and <c>lb_type</c> combine for original
/// destination forwarding (MOSN's <c>LB_ORIGINAL_DST</c>, Envoy's <c>ORIGINAL_DST</c> cluster).
/// </summary>
internal static class OriginalDstMapper
{
    /// <summary>The cluster type whose hosts are each request's original destination.</summary>
    public const string ClusterType = "ORIGINAL_DST";

    /// <summary>The balancer of <see cref="ClusterType"/> clusters.</summary>
    public const string LbType = "LB_ORIGINAL_DST";

    /// <summary>Maps <c>original_dst_lb_config</c> onto <paramref name="current"/> (which may carry a <c>cleanup_interval</c> already).</summary>
    public static OriginalDstLbConfig Map(JsonElement element, string path, ConfigReader reader, OriginalDstLbConfig current)
    {
        if (!reader.IsObject(element, path))
        {
            return current;
        }

        var config = current;
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            var value = property.Value;
            switch (ConfigReader.Key(property))
            {
                case "use_header":
                    config = config with { UseHeader = reader.Bool(value, at) ?? false };
                    break;
                case "header_name":
                    // MOSN: an empty name means the default, "host".
                    config = config with { HeaderName = reader.String(value, at) is { Length: > 0 } name ? name : "host" };
                    break;
                case "replace_local":
                    config = config with { ReplaceLocal = reader.Bool(value, at) ?? false };
                    break;
                default:
                    reader.Skip(at, ConfigReader.Key(property), ConfigSection.OriginalDstLbConfig);
                    break;
            }
        }

        return config;
    }

    /// <summary>
    /// Resolves <c>type</c> and <c>lb_type</c> together once the whole cluster is read:
    /// <list type="bullet">
    /// <item><c>ORIGINAL_DST</c> uses <c>LB_ORIGINAL_DST</c> (implied when <c>lb_type</c> is absent; any other is an error);</item>
    /// <item><c>LB_ORIGINAL_DST</c> on a <c>SIMPLE</c> or <c>STATIC</c> cluster (MOSN's own examples do that: only
    /// the balancer matters there) makes it an <c>ORIGINAL_DST</c> cluster, with a warning; on <c>STRICT_DNS</c> it is an error;</item>
    /// <item>an <c>ORIGINAL_DST</c> cluster's hosts, health checking and subsets are ignored with a warning (it has no
    /// configured hosts);</item>
    /// <item>the original-destination keys on any other cluster are ignored with a warning.</item>
    /// </list>
    /// </summary>
    public static ClusterConfig Settle(ClusterConfig cluster, ClusterKeyPaths paths, ConfigReader reader)
    {
        var isClusterType = cluster.Type == ClusterType;
        var isBalancer = cluster.LbType == LbType;
        if (!isClusterType && !isBalancer)
        {
            if (paths.OriginalDstLbConfig is { } lbConfigPath)
            {
                reader.Warning(lbConfigPath, $"ignored: only an {ClusterType} cluster (lb_type {LbType}) uses it");
            }

            if (paths.CleanupInterval is { } cleanupPath)
            {
                reader.Warning(cleanupPath, $"ignored: only an {ClusterType} cluster (lb_type {LbType}) uses it");
            }

            return cluster;
        }

        if (isClusterType && !isBalancer)
        {
            if (paths.LbType is { } lbTypePath)
            {
                reader.Error(lbTypePath, $"an {ClusterType} cluster needs \"lb_type\": \"{LbType}\" (its host is each request's original destination), got \"{cluster.LbType}\"");
                return cluster;
            }

            cluster = cluster with { LbType = LbType };
        }
        else if (!isClusterType)
        {
            var where = paths.LbType ?? paths.Cluster;
            if (cluster.Type == "STRICT_DNS")
            {
                reader.Error(where, $"lb_type {LbType} needs \"type\": \"{ClusterType}\" (a STRICT_DNS cluster's hosts come from DNS), got \"{cluster.Type}\"");
                return cluster;
            }

            reader.Warning(where, $"lb_type {LbType} on a {cluster.Type} cluster: served as type {ClusterType}, as in MOSN (set \"type\": \"{ClusterType}\")");
            cluster = cluster with { Type = ClusterType };
        }

        IgnoreOnOriginalDst(paths.Hosts, cluster.Hosts.Count > 0, "hosts", reader);
        IgnoreOnOriginalDst(paths.HealthCheck, cluster.HealthCheck is not null, "health checking", reader);
        IgnoreOnOriginalDst(paths.OutlierDetection, cluster.OutlierDetection is not null, "outlier detection", reader);
        IgnoreOnOriginalDst(paths.LbSubsetConfig, cluster.LbSubset is not null, "subsets", reader);
        return cluster with { Hosts = [], HealthCheck = null, OutlierDetection = null, LbSubset = null };
    }

    private static void IgnoreOnOriginalDst(string? path, bool present, string what, ConfigReader reader)
    {
        if (path is not null && present)
        {
            reader.Warning(path, $"ignored: an {ClusterType} cluster has no configured hosts (each request's original destination is its host), so no {what}");
        }
    }
}
