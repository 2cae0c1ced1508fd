namespace Mosn.Protocols.Http1;

/// <summary>
/// Process-wide HTTP/1 counters. Thread-safe (interlocked); read them at any time. Downstream counts requests decoded
/// and responses encoded by server stream connections; upstream counts requests encoded and responses decoded by
/// client stream connections.
/// </summary>
public static class Http1Stats
{
    private static readonly long[] s_decodeErrors = new long[Enum.GetValues<Http1DecodeError>().Length];
    private static long s_downstreamRequests;
    private static long s_downstreamResponses;
    private static long s_upstreamRequests;
    private static long s_upstreamResponses;
    private static long s_decodeErrorsTotal;

    /// <summary>Requests decoded from downstream clients (complete request heads).</summary>
    public static long DownstreamRequests => Volatile.Read(ref s_downstreamRequests);

    /// <summary>Responses fully encoded to downstream clients (including error responses).</summary>
    public static long DownstreamResponses => Volatile.Read(ref s_downstreamResponses);

    /// <summary>Requests whose head was encoded to upstream servers.</summary>
    public static long UpstreamRequests => Volatile.Read(ref s_upstreamRequests);

    /// <summary>Final responses decoded from upstream servers (complete response heads).</summary>
    public static long UpstreamResponses => Volatile.Read(ref s_upstreamResponses);

    /// <summary>Messages rejected by the decoder, all kinds together.</summary>
    public static long DecodeErrors => Volatile.Read(ref s_decodeErrorsTotal);

    /// <summary>Messages rejected for <paramref name="error"/>.</summary>
    public static long GetDecodeErrors(Http1DecodeError error) => Volatile.Read(ref s_decodeErrors[(int)error]);

    internal static void OnDownstreamRequest() => Interlocked.Increment(ref s_downstreamRequests);

    internal static void OnDownstreamResponse() => Interlocked.Increment(ref s_downstreamResponses);

    internal static void OnUpstreamRequest() => Interlocked.Increment(ref s_upstreamRequests);

    internal static void OnUpstreamResponse() => Interlocked.Increment(ref s_upstreamResponses);

    internal static void OnDecodeError(Http1DecodeError error)
    {
        Interlocked.Increment(ref s_decodeErrors[(int)error]);
        Interlocked.Increment(ref s_decodeErrorsTotal);
    }
}
