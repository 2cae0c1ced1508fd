namespace Mosn.Abstractions.Router;

/// <summary>When and how often a route retries (MOSN's <c>retry_policy</c>).</summary>
public sealed record RetryPolicy
{
    /// <summary>Retry on 5xx responses, resets and per-try timeouts, not only connect failures.</summary>
    public bool RetryOn { get; init; }

    /// <summary>How many retries after the first try.</summary>
    public int NumRetries { get; init; }

    /// <summary>Per-try timeout (null: none, only the global timeout).</summary>
    public TimeSpan? PerTryTimeout { get; init; }

    /// <summary>
    /// Back-off base: retry n (1, 2, ...) waits a random time in [0, min(<see cref="BackOffMax"/>, base × 2^(n−1))]
    /// (Envoy's exponential back-off with full jitter). Zero: retry at once.
    /// </summary>
    public TimeSpan BackOffBase { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Back-off cap.</summary>
    public TimeSpan BackOffMax { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Response statuses that trigger a retry (empty: any 5xx).</summary>
    public IReadOnlyList<int> StatusCodes { get; init; } = [];
}
