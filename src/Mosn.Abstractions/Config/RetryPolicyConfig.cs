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

    /// <summary>Back-off before a retry: base interval (<c>retry_back_off.base_interval</c>, Envoy's key; default 25 ms).</summary>
    public TimeSpan BackOffBase { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Back-off cap (<c>retry_back_off.max_interval</c>; default 10 × the base).</summary>
    public TimeSpan? BackOffMax { get; init; }

    /// <summary>Statuses that trigger a retry (empty: any 5xx) (<c>status_codes</c>).</summary>
    public IReadOnlyList<int> StatusCodes { get; init; } = [];
}
