namespace Mosn.Abstractions.Config;

/// <summary>
/// What the subset load balancer does when a request's metadata selects no subset (<c>lb_subset_config.fall_back_policy</c>,
/// MOSN's numbers).
/// </summary>
public enum SubsetFallbackPolicy
{
    /// <summary>No host: the request fails with "no healthy upstream" (0, MOSN's <c>NoFallBack</c>).</summary>
    NoFallback = 0,

    /// <summary>Any host of the cluster (1, MOSN's <c>AnyEndPoint</c>).</summary>
    AnyEndpoint = 1,

    /// <summary>The hosts whose metadata matches <see cref="LbSubsetConfig.DefaultSubset"/> (2, MOSN's <c>DefaultSubset</c>).</summary>
    DefaultSubset = 2,
}
