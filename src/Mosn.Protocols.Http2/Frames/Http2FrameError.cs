namespace Mosn.Protocols.Http2.Frames;

/// <summary>
/// Why a received frame was rejected: the RFC 9113 error code to send, and whether it is a connection error
/// (GOAWAY) or a stream error (RST_STREAM on <see cref="StreamId"/>).
/// </summary>
/// <param name="Code">The error code to put in GOAWAY or RST_STREAM.</param>
/// <param name="IsConnectionError">True for a connection error (§5.4.1), false for a stream error (§5.4.2).</param>
/// <param name="StreamId">The stream of the offending frame (for a stream error, the stream to reset).</param>
/// <param name="Reason">A short static description of the broken rule, for logs and GOAWAY debug data.</param>
internal readonly record struct Http2FrameError(Http2ErrorCode Code, bool IsConnectionError, uint StreamId, string Reason)
{
    /// <summary>Creates a connection error.</summary>
    public static Http2FrameError Connection(Http2ErrorCode code, uint streamId, string reason) => new(code, true, streamId, reason);

    /// <summary>Creates a stream error on <paramref name="streamId"/>.</summary>
    public static Http2FrameError Stream(Http2ErrorCode code, uint streamId, string reason) => new(code, false, streamId, reason);
}
