namespace Mosn.Abstractions.Upstream;

/// <summary>What happened on one try of a request on a host, as reported to <see cref="IHost.ReportOutcome"/>.</summary>
public enum HostOutcomeKind
{
    /// <summary>The host answered with a response status (see <see cref="HostOutcome.StatusCode"/>).</summary>
    Response,

    /// <summary>Connecting to the host failed or timed out (a local-origin failure: nothing reached the host).</summary>
    ConnectFailure,

    /// <summary>The host did not answer within the request's (or try's) timeout (local origin).</summary>
    Timeout,

    /// <summary>The upstream stream or connection was reset before the response completed (local origin).</summary>
    Reset,
}
