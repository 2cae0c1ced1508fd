using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>Cluster limits (from the first entry of <c>circuit_breakers.thresholds</c>); 0 means unlimited.</summary>
public sealed record CircuitBreakersConfig
{
    /// <summary>Most connections per host (<c>max_connections</c>).</summary>
    public int MaxConnections { get; init; } = 0;

    /// <summary>Most requests waiting for a connection (<c>max_pending_requests</c>).</summary>
    public int MaxPendingRequests { get; init; } = 0;

    /// <summary>Most requests in flight (<c>max_requests</c>).</summary>
    public int MaxRequests { get; init; } = 0;

    /// <summary>Most retries in flight (<c>max_retries</c>).</summary>
    public int MaxRetries { get; init; } = 0;

    /// <summary>
    /// Retry budget (<c>retry_budget.budget_percent</c>, Envoy's): retries in progress may be at most this percentage of
    /// the cluster's active requests (but see <see cref="RetryBudgetMinConcurrency"/>). When set, it replaces
    /// <see cref="MaxRetries"/>. Null: no budget.
    /// </summary>
    public double? RetryBudgetPercent { get; init; }

    /// <summary>Retries always allowed whatever the budget (<c>retry_budget.min_retry_concurrency</c>; default 3).</summary>
    public int RetryBudgetMinConcurrency { get; init; } = 3;
}
