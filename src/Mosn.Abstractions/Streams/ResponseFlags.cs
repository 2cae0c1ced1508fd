namespace Mosn.Abstractions.Streams;

/// <summary>Why a response was produced the way it was (Envoy/MOSN response flags, for logs and metrics).</summary>
[Flags]
public enum ResponseFlags
{
    /// <summary>Nothing unusual.</summary>
    None = 0,
    /// <summary>No route matched (404).</summary>
    NoRouteFound = 1 << 0,
    /// <summary>No healthy upstream host (503).</summary>
    NoHealthyUpstream = 1 << 1,
    /// <summary>Connecting upstream failed.</summary>
    UpstreamConnectionFailure = 1 << 2,
    /// <summary>The upstream timed out (504).</summary>
    UpstreamRequestTimeout = 1 << 3,
    /// <summary>The upstream reset the stream or closed the connection.</summary>
    UpstreamConnectionTermination = 1 << 4,
    /// <summary>A circuit breaker or pool limit was hit.</summary>
    UpstreamOverflow = 1 << 5,
    /// <summary>The downstream reset or closed before the response completed.</summary>
    DownstreamConnectionTermination = 1 << 6,
    /// <summary>A fault filter delayed the request.</summary>
    DelayInjected = 1 << 7,
    /// <summary>A fault filter aborted the request.</summary>
    FaultInjected = 1 << 8,
    /// <summary>The proxy answered itself (direct response, redirect, filter reply).</summary>
    LocalReply = 1 << 9,
    /// <summary>The upstream sent a malformed response (502).</summary>
    UpstreamProtocolError = 1 << 10,
    /// <summary>The cluster named by the route does not exist.</summary>
    NoClusterFound = 1 << 11,
}
