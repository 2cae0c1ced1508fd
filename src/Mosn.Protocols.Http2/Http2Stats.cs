using Mosn.Protocols.Http2.Frames;

namespace Mosn.Protocols.Http2;

/// <summary>
/// Process-wide HTTP/2 counters. Thread-safe (interlocked); read them at any time. "Downstream" counts the server side
/// (clients talking to us), "upstream" the client side (us talking to backends).
/// </summary>
public static class Http2Stats
{
    private const int ErrorCodes = 14;

    private static readonly long[] s_connectionErrors = new long[(ErrorCodes * 2) + 2];
    private static readonly long[] s_streamErrors = new long[(ErrorCodes * 2) + 2];
    private static long s_downstreamRequests;
    private static long s_downstreamResponses;
    private static long s_upstreamRequests;
    private static long s_upstreamResponses;
    private static long s_downstreamResetsReceived;
    private static long s_upstreamResetsReceived;
    private static long s_refusedStreams;
    private static long s_rapidResets;
    private static long s_floods;
    private static long s_malformed;

    /// <summary>Request streams opened by downstream clients.</summary>
    public static long DownstreamRequests => Volatile.Read(ref s_downstreamRequests);

    /// <summary>Responses fully sent to downstream clients.</summary>
    public static long DownstreamResponses => Volatile.Read(ref s_downstreamResponses);

    /// <summary>Request streams opened on upstream connections.</summary>
    public static long UpstreamRequests => Volatile.Read(ref s_upstreamRequests);

    /// <summary>Final responses received from upstream servers.</summary>
    public static long UpstreamResponses => Volatile.Read(ref s_upstreamResponses);

    /// <summary>RST_STREAM frames received from downstream clients.</summary>
    public static long DownstreamResetsReceived => Volatile.Read(ref s_downstreamResetsReceived);

    /// <summary>RST_STREAM frames received from upstream servers.</summary>
    public static long UpstreamResetsReceived => Volatile.Read(ref s_upstreamResetsReceived);

    /// <summary>Streams refused: past the concurrency limit, or above a GOAWAY's last stream.</summary>
    public static long RefusedStreams => Volatile.Read(ref s_refusedStreams);

    /// <summary>Connections ended for rapid reset (too many streams reset early).</summary>
    public static long RapidResets => Volatile.Read(ref s_rapidResets);

    /// <summary>Connections ended for a frame flood (PING, SETTINGS, PRIORITY, WINDOW_UPDATE, empty frames, CONTINUATION, unread control frames).</summary>
    public static long Floods => Volatile.Read(ref s_floods);

    /// <summary>Malformed messages (invalid or oversized header blocks, content-length mismatches).</summary>
    public static long MalformedMessages => Volatile.Read(ref s_malformed);

    /// <summary>Connection errors we raised, by error code and side.</summary>
    public static long GetConnectionErrors(int errorCode, bool downstream) => Volatile.Read(ref s_connectionErrors[Index(errorCode, downstream)]);

    /// <summary>Stream errors we raised (RST_STREAM sent for the peer's fault), by error code and side.</summary>
    public static long GetStreamErrors(int errorCode, bool downstream) => Volatile.Read(ref s_streamErrors[Index(errorCode, downstream)]);

    internal static void OnDownstreamRequest() => Interlocked.Increment(ref s_downstreamRequests);

    internal static void OnDownstreamResponse() => Interlocked.Increment(ref s_downstreamResponses);

    internal static void OnUpstreamRequest() => Interlocked.Increment(ref s_upstreamRequests);

    internal static void OnUpstreamResponse() => Interlocked.Increment(ref s_upstreamResponses);

    internal static void OnResetReceived(bool downstream) =>
        Interlocked.Increment(ref downstream ? ref s_downstreamResetsReceived : ref s_upstreamResetsReceived);

    internal static void OnRefusedStream() => Interlocked.Increment(ref s_refusedStreams);

    internal static void OnRapidReset() => Interlocked.Increment(ref s_rapidResets);

    internal static void OnFlood(bool downstream) => Interlocked.Increment(ref s_floods);

    internal static void OnMalformed(bool downstream) => Interlocked.Increment(ref s_malformed);

    internal static void OnConnectionError(Http2ErrorCode code, bool downstream) =>
        Interlocked.Increment(ref s_connectionErrors[Index((int)code, downstream)]);

    internal static void OnStreamError(Http2ErrorCode code, bool downstream) =>
        Interlocked.Increment(ref s_streamErrors[Index((int)code, downstream)]);

    private static int Index(int code, bool downstream) => ((uint)code < ErrorCodes ? code : ErrorCodes) + (downstream ? 0 : ErrorCodes + 1);
}
