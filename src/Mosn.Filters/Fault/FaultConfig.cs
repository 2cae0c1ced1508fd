namespace Mosn.Filters.Fault;

/// <summary>The validated config of a <c>fault</c> stream filter (MOSN's <c>StreamFaultInject</c>). Immutable; thread-safe.</summary>
internal sealed record FaultConfig
{
    /// <summary>How long to delay a request (<c>delay.fixed_delay</c>); zero: no delay.</summary>
    public TimeSpan FixedDelay { get; init; }

    /// <summary>Percentage of requests delayed, 0 to 100 (<c>delay.percentage</c>).</summary>
    public int DelayPercent { get; init; }

    /// <summary>Status of the injected reply (<c>abort.status</c>, 200 to 599).</summary>
    public int AbortStatus { get; init; }

    /// <summary>Percentage of requests aborted, 0 to 100 (<c>abort.percentage</c>).</summary>
    public int AbortPercent { get; init; }

    /// <summary>Only requests routed to this cluster are affected (<c>upstream_cluster</c>); null: all.</summary>
    public string? UpstreamCluster { get; init; }

    /// <summary>Only requests matching all of these are affected (<c>headers</c>).</summary>
    public IReadOnlyList<FaultHeaderMatcher> Headers { get; init; } = [];

    /// <summary>True when a delay can be injected.</summary>
    public bool CanDelay => DelayPercent > 0 && FixedDelay > TimeSpan.Zero;

    /// <summary>True when an abort can be injected.</summary>
    public bool CanAbort => AbortPercent > 0;
}
