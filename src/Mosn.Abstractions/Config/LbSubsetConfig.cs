namespace Mosn.Abstractions.Config;

/// <summary>
/// Subset load balancing of a cluster (<c>lb_subset_config</c>): hosts are grouped by the values of their metadata keys
/// named in each selector, and a route's <c>metadata_match</c> picks one group; the cluster's <c>lb_type</c> balances
/// inside it. Immutable.
/// </summary>
public sealed record LbSubsetConfig
{
    /// <summary>What happens when no subset matches (<c>fall_back_policy</c>, 0/1/2).</summary>
    public SubsetFallbackPolicy FallbackPolicy { get; init; } = SubsetFallbackPolicy.NoFallback;

    /// <summary>The metadata of the fallback subset for <see cref="SubsetFallbackPolicy.DefaultSubset"/> (<c>default_subset</c>).</summary>
    public IReadOnlyDictionary<string, string> DefaultSubset { get; init; } = new Dictionary<string, string>();

    /// <summary>The metadata key sets subsets are built for (<c>subset_selectors</c>, a list of key lists). A route's
    /// criteria select a subset only when their keys are exactly one selector's keys.</summary>
    public IReadOnlyList<IReadOnlyList<string>> SubsetSelectors { get; init; } = [];
}
