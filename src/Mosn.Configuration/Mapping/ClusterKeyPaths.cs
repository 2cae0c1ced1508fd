namespace Mosn.Configuration.Mapping;

/// <summary>Where some keys of one cluster were found (null: absent), for checks made once the whole cluster is read.</summary>
internal sealed class ClusterKeyPaths
{
    /// <summary>The cluster itself.</summary>
    public string Cluster { get; init; } = "";

    /// <summary><c>lb_type</c>.</summary>
    public string? LbType { get; set; }

    /// <summary><c>hosts</c>.</summary>
    public string? Hosts { get; set; }

    /// <summary><c>health_check</c>.</summary>
    public string? HealthCheck { get; set; }

    /// <summary><c>outlier_detection</c>.</summary>
    public string? OutlierDetection { get; set; }

    /// <summary><c>lb_subset_config</c>.</summary>
    public string? LbSubsetConfig { get; set; }

    /// <summary><c>original_dst_lb_config</c>.</summary>
    public string? OriginalDstLbConfig { get; set; }

    /// <summary><c>cleanup_interval</c>.</summary>
    public string? CleanupInterval { get; set; }

    /// <summary><c>lbconfig</c>.</summary>
    public string? LbConfig { get; set; }

    /// <summary><c>slow_start</c>.</summary>
    public string? SlowStart { get; set; }
}
