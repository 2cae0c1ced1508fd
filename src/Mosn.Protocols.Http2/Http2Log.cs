using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http2.Frames;
using Mosn.Protocols.Http2.Messages;

namespace Mosn.Protocols.Http2;

/// <summary>Source-generated log messages of the HTTP/2 module (event ids 2200–2299).</summary>
internal static partial class Http2Log
{
    [LoggerMessage(2201, LogLevel.Debug, "Connection {ConnectionId} ({Side}): HTTP/2 connection error {Code}: {Reason}")]
    public static partial void ConnectionError(ILogger logger, ulong connectionId, string side, Http2ErrorCode code, string reason);

    [LoggerMessage(2202, LogLevel.Debug, "Connection {ConnectionId}: stream {StreamId} reset ({Reason})")]
    public static partial void StreamReset(ILogger logger, ulong connectionId, uint streamId, StreamResetReason reason);

    [LoggerMessage(2203, LogLevel.Debug, "Connection {ConnectionId}: malformed header block on stream {StreamId} ({Error})")]
    public static partial void MalformedHeaders(ILogger logger, ulong connectionId, uint streamId, HeaderValidationError error);

    [LoggerMessage(2204, LogLevel.Debug, "Connection {ConnectionId}: GOAWAY received (last stream {LastStreamId}, {Code})")]
    public static partial void GoAwayReceived(ILogger logger, ulong connectionId, uint lastStreamId, Http2ErrorCode code);
}
