namespace Mosn.Upstream.Clusters;

/// <summary>Why a host is out of the load balancer's view (MOSN's health flags); none set means healthy.</summary>
[Flags]
internal enum HostHealthFlags
{
    /// <summary>Healthy.</summary>
    None = 0,

    /// <summary>The active health check failed (MOSN's <c>FAILED_ACTIVE_HC</c>).</summary>
    FailedActiveCheck = 1,

    /// <summary>Outlier detection ejected the host (Envoy's <c>FAILED_OUTLIER_CHECK</c>).</summary>
    OutlierEjected = 2,
}
