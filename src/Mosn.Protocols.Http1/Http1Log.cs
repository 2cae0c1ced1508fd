using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Streams;

namespace Mosn.Protocols.Http1;

/// <summary>Source-generated log messages of the HTTP/1 module (event ids 2100–2199).</summary>
internal static partial class Http1Log
{
    [LoggerMessage(2101, LogLevel.Debug, "Connection {ConnectionId}: rejected request ({Error}), answering {StatusCode}")]
    public static partial void RequestRejected(ILogger logger, ulong connectionId, Http1DecodeError error, int statusCode);

    [LoggerMessage(2102, LogLevel.Debug, "Connection {ConnectionId}: malformed upstream response ({Error}); resetting stream {StreamId}")]
    public static partial void ResponseRejected(ILogger logger, ulong connectionId, Http1DecodeError error, ulong streamId);

    [LoggerMessage(2103, LogLevel.Debug, "Connection {ConnectionId}: {Length} bytes from upstream with no request outstanding; closing")]
    public static partial void UnexpectedUpstreamData(ILogger logger, ulong connectionId, long length);

    [LoggerMessage(2104, LogLevel.Debug, "Connection {ConnectionId}: stream {StreamId} reset ({Reason})")]
    public static partial void StreamReset(ILogger logger, ulong connectionId, ulong streamId, StreamResetReason reason);

    [LoggerMessage(2105, LogLevel.Debug, "Connection {ConnectionId}: stream {StreamId} body length disagrees with its Content-Length; closing")]
    public static partial void LengthMismatch(ILogger logger, ulong connectionId, ulong streamId);
}
