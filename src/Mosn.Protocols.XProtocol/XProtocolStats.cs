namespace Mosn.Protocols.XProtocol;

/// <summary>
/// Process-wide counters of the X-protocol framework, all protocols together. Thread-safe (interlocked); read at any
/// time. "Downstream" is the server side (clients talking to us), "upstream" the client side (us talking to backends).
/// </summary>
public static class XProtocolStats
{
    private static long s_downstreamRequests;
    private static long s_upstreamRequests;
    private static long s_upstreamResponses;
    private static long s_heartbeatsAnswered;
    private static long s_unknownResponses;
    private static long s_malformedFrames;
    private static long s_hijacks;
    private static long s_busyRejections;
    private static long s_keepaliveSent;
    private static long s_keepaliveFailures;
    private static long s_keepaliveCloses;

    /// <summary>Requests decoded from downstream connections and handed to the proxy (heartbeats excluded).</summary>
    public static long DownstreamRequests => Volatile.Read(ref s_downstreamRequests);

    /// <summary>Requests encoded on upstream connections.</summary>
    public static long UpstreamRequests => Volatile.Read(ref s_upstreamRequests);

    /// <summary>Responses received upstream that matched a waiting request.</summary>
    public static long UpstreamResponses => Volatile.Read(ref s_upstreamResponses);

    /// <summary>Heartbeats answered by the stream layer (either side).</summary>
    public static long HeartbeatsAnswered => Volatile.Read(ref s_heartbeatsAnswered);

    /// <summary>Upstream responses dropped because no request waits for their id (answered late after a timeout, or bogus).</summary>
    public static long UnknownResponses => Volatile.Read(ref s_unknownResponses);

    /// <summary>Connections closed for a malformed frame (either side).</summary>
    public static long MalformedFrames => Volatile.Read(ref s_malformedFrames);

    /// <summary>Error responses built by the protocol for the proxy's own answers (no route, no host, timeout, ...).</summary>
    public static long Hijacks => Volatile.Read(ref s_hijacks);

    /// <summary>Downstream requests refused because the connection had <see cref="XProtocolOptions.MaxConcurrentRequests"/> in flight.</summary>
    public static long BusyRejections => Volatile.Read(ref s_busyRejections);

    /// <summary>Keepalive heartbeats sent on idle upstream connections.</summary>
    public static long KeepaliveSent => Volatile.Read(ref s_keepaliveSent);

    /// <summary>Keepalive heartbeats not answered within <see cref="XProtocolOptions.KeepaliveTimeout"/>.</summary>
    public static long KeepaliveFailures => Volatile.Read(ref s_keepaliveFailures);

    /// <summary>Upstream connections closed after <see cref="XProtocolOptions.KeepaliveFailuresToClose"/> failed heartbeats in a row.</summary>
    public static long KeepaliveCloses => Volatile.Read(ref s_keepaliveCloses);

    internal static void OnKeepaliveSent() => Interlocked.Increment(ref s_keepaliveSent);

    internal static void OnKeepaliveFailure() => Interlocked.Increment(ref s_keepaliveFailures);

    internal static void OnKeepaliveClose() => Interlocked.Increment(ref s_keepaliveCloses);

    internal static void OnDownstreamRequest() => Interlocked.Increment(ref s_downstreamRequests);

    internal static void OnUpstreamRequest() => Interlocked.Increment(ref s_upstreamRequests);

    internal static void OnUpstreamResponse() => Interlocked.Increment(ref s_upstreamResponses);

    internal static void OnHeartbeatAnswered() => Interlocked.Increment(ref s_heartbeatsAnswered);

    internal static void OnUnknownResponse() => Interlocked.Increment(ref s_unknownResponses);

    internal static void OnMalformedFrame() => Interlocked.Increment(ref s_malformedFrames);

    internal static void OnHijack() => Interlocked.Increment(ref s_hijacks);

    internal static void OnBusyRejection() => Interlocked.Increment(ref s_busyRejections);
}
