namespace Mosn.Abstractions.Streams;

/// <summary>Why a stream ended abnormally. Mapped to local reply statuses by the proxy (504 timeouts, 503 overflow, 502 the rest).</summary>
public enum StreamResetReason
{
    /// <summary>The connection carrying the stream closed.</summary>
    ConnectionTermination,
    /// <summary>The upstream connection could not be established.</summary>
    ConnectionFailed,
    /// <summary>This side reset the stream.</summary>
    LocalReset,
    /// <summary>The peer reset the stream.</summary>
    RemoteReset,
    /// <summary>A pool or stream limit was exceeded.</summary>
    Overflow,
    /// <summary>The peer sent bytes that violate the protocol.</summary>
    ProtocolError,
    /// <summary>The route's global timeout elapsed.</summary>
    GlobalTimeout,
    /// <summary>The per-try timeout elapsed.</summary>
    PerTryTimeout,
    /// <summary>
    /// The peer refused the stream before processing any of it (HTTP/2 REFUSED_STREAM, or a stream above a GOAWAY's
    /// last-stream-id): always safe to retry, on a new connection to the same host.
    /// </summary>
    RefusedStream,
}
