namespace Mosn.Protocols.XProtocol;

/// <summary>Limits of the X-protocol framework's connections. Defaults are the safe ones.</summary>
public sealed record XProtocolOptions
{
    /// <summary>The default options.</summary>
    public static XProtocolOptions Default { get; } = new();

    /// <summary>Largest frame accepted, header included, in bytes (16 MiB). A larger declared length closes the connection before anything is allocated.</summary>
    public int MaxFrameSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>Most key/value headers in one frame; past it the frame is malformed.</summary>
    public int MaxHeaderCount { get; init; } = 256;

    /// <summary>
    /// Most requests a downstream connection may have in flight at once; requests past it are answered at once with the
    /// protocol's "server busy" status (hijack with 503) and never reach the proxy.
    /// </summary>
    public int MaxConcurrentRequests { get; init; } = 10_000;
}
