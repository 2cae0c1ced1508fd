namespace Mosn.Abstractions.Protocol;

/// <summary>Limits and switches that apply to a protocol's stream connections. Defaults are the safe ones.</summary>
public sealed record ProtocolOptions
{
    /// <summary>The default options.</summary>
    public static ProtocolOptions Default { get; } = new();

    /// <summary>Longest request or status line, in bytes (414 past it for requests).</summary>
    public int MaxRequestLineSize { get; init; } = 8 * 1024;

    /// <summary>Most bytes of all header lines of one message (431 past it).</summary>
    public int MaxHeaderSize { get; init; } = 32 * 1024;

    /// <summary>Most header fields in one message (431 past it).</summary>
    public int MaxHeaderCount { get; init; } = 100;

    /// <summary>Largest request body allowed, or 0 for no limit (413 past it).</summary>
    public long MaxRequestBodySize { get; init; }

    /// <summary>Time allowed to receive a complete request head on a connection before it is closed (408).</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Add <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> as Envoy does (append the peer address).</summary>
    public bool AddForwardedHeaders { get; init; } = true;

    /// <summary>
    /// Most streams the peer may have open at once on one multiplexed connection (HTTP/2
    /// SETTINGS_MAX_CONCURRENT_STREAMS); streams past it are refused.
    /// </summary>
    public int MaxConcurrentStreams { get; init; } = 100;

    /// <summary>
    /// The flow-control window each HTTP/2 stream grants the peer (SETTINGS_INITIAL_WINDOW_SIZE): the most request or
    /// response body bytes of one stream buffered here before the peer must wait. 65535..2^31-1.
    /// </summary>
    public int InitialStreamWindowSize { get; init; } = 256 * 1024;

    /// <summary>The flow-control window of a whole HTTP/2 connection: bounds the body bytes buffered for all its streams.</summary>
    public int InitialConnectionWindowSize { get; init; } = 1024 * 1024;

    /// <summary>Scheme of the listener ("http" or "https").</summary>
    public string Scheme { get; init; } = "http";
}
