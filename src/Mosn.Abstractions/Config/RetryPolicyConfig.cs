using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>Retry policy of a route.</summary>
public sealed record RetryPolicyConfig
{
    /// <summary>Retry on 5xx, resets and per-try timeouts (false: only connect failures) (<c>retry_on</c>).</summary>
    public bool RetryOn { get; init; } = false;

    /// <summary>Per-try timeout (<c>retry_timeout</c>).</summary>
    public TimeSpan? RetryTimeout { get; init; }

    /// <summary>Number of retries (<c>num_retries</c>).</summary>
    public int NumRetries { get; init; } = 0;

    /// <summary>Statuses that trigger a retry (empty: any 5xx) (<c>status_codes</c>).</summary>
    public IReadOnlyList<int> StatusCodes { get; init; } = [];
}
