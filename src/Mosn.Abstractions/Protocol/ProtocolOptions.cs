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

    /// <summary>Scheme of the listener ("http" or "https").</summary>
    public string Scheme { get; init; } = "http";
}
