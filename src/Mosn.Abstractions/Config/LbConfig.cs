namespace Mosn.Abstractions.Config;

/// <summary>
/// Tuning of the load-aware balancers (<c>lbconfig</c>, MOSN's <c>v2.LbConfig</c>): read by <c>LB_LEAST_REQUEST</c> and
/// <c>LB_LEAST_CONNECTION</c>; other balancers ignore it.
/// </summary>
public sealed record LbConfig
{
    /// <summary>The default of <see cref="ChoiceCount"/>: the power of two choices.</summary>
    public const int DefaultChoiceCount = 2;

    /// <summary>The default of <see cref="ActiveRequestBias"/>.</summary>
    public const double DefaultActiveRequestBias = 1.0;

    /// <summary>
    /// With equal host weights: how many hosts are drawn at random for each pick, the least loaded of them winning
    /// (<c>choice_count</c>; at least 2, default 2). More choices favour idle hosts more strongly.
    /// </summary>
    public int ChoiceCount { get; init; } = DefaultChoiceCount;

    /// <summary>
    /// With different host weights: the exponent of the load in the effective weight <c>weight / (load + 1)^bias</c>
    /// (<c>active_request_bias</c>; at least 0, default 1.0). 0 ignores the load (plain weighted round robin); larger
    /// values take weight away from busy hosts more aggressively.
    /// </summary>
    public double ActiveRequestBias { get; init; } = DefaultActiveRequestBias;
}
