namespace Mosn.Abstractions.Upstream;

/// <summary>
/// The result of one try of a request on a host, reported by the proxy to <see cref="IHost.ReportOutcome"/> for passive
/// health checking (outlier detection) and latency-aware balancing (<c>LB_PEAK_EWMA</c>). A small immutable value;
/// creating one does not allocate.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="StatusCode">The response status for <see cref="HostOutcomeKind.Response"/>; 0 otherwise.</param>
public readonly record struct HostOutcome(HostOutcomeKind Kind, int StatusCode)
{
    /// <summary>Connecting to the host failed.</summary>
    public static HostOutcome ConnectFailure => new(HostOutcomeKind.ConnectFailure, 0);

    /// <summary>The host did not answer in time.</summary>
    public static HostOutcome Timeout => new(HostOutcomeKind.Timeout, 0);

    /// <summary>The exchange was reset before the response completed.</summary>
    public static HostOutcome Reset => new(HostOutcomeKind.Reset, 0);

    /// <summary>The host answered with <paramref name="statusCode"/> (an HTTP status, or the RPC protocol's mapped to one).</summary>
    public static HostOutcome Response(int statusCode) => new(HostOutcomeKind.Response, statusCode);

    /// <summary>
    /// How long the try took: from the start of the try (asking the pool for a stream) to the response headers, or to
    /// the failure. <see cref="TimeSpan.Zero"/> when not measured (latency-aware balancers then ignore the outcome's
    /// timing). Set it with <c>outcome with { Latency = elapsed }</c>.
    /// </summary>
    public TimeSpan Latency { get; init; }

    /// <summary>True for failures seen by the proxy rather than answered by the host (connect failure, timeout, reset).</summary>
    public bool IsLocalOrigin => Kind != HostOutcomeKind.Response;

    /// <summary>
    /// The status this outcome counts as when local-origin failures are not told apart (Envoy's mapping): the response's
    /// own status; 503 for a connect failure or reset; 504 for a timeout.
    /// </summary>
    public int EffectiveStatusCode => Kind switch
    {
        HostOutcomeKind.Response => StatusCode,
        HostOutcomeKind.Timeout => 504,
        _ => 503,
    };
}
