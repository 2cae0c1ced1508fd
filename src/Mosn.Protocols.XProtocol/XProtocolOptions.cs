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

    /// <summary>
    /// Upstream keepalive (MOSN's <c>keepalive.go</c>): a client connection that received nothing for this long sends the
    /// protocol's heartbeat (15 s, MOSN's read-timeout tick). Zero or negative: no keepalive.
    /// </summary>
    public TimeSpan KeepaliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a keepalive heartbeat may go unanswered before it counts as failed (1 s, MOSN's default).</summary>
    public TimeSpan KeepaliveTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive failed keepalive heartbeats after which the upstream connection is closed (6, MOSN's <c>FailCountToClose</c>).</summary>
    public int KeepaliveFailuresToClose { get; init; } = 6;
}
