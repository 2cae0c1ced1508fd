using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Streams;

namespace Mosn.Proxy;

/// <summary>Source-generated log methods of the proxy (event ids 2000–2099).</summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Debug, "Connection {ConnectionId}: no registered protocol matches the first bytes; closing")]
    public static partial void UnknownProtocol(ILogger logger, ulong connectionId);

    [LoggerMessage(2002, LogLevel.Debug, "Local reply {Status} ({Flags}) for {Method} {Path}")]
    public static partial void LocalReply(ILogger logger, int status, ResponseFlags flags, string? method, string? path);

    [LoggerMessage(2003, LogLevel.Debug, "Upstream {Host} failed ({Reason}); retry {Attempt}")]
    public static partial void Retrying(ILogger logger, string host, string reason, int attempt);

    [LoggerMessage(2004, LogLevel.Warning, "Upstream {Host} reset after the response started ({Reason}); resetting downstream")]
    public static partial void ResetAfterResponseStarted(ILogger logger, string host, StreamResetReason reason);

    [LoggerMessage(2005, LogLevel.Error, "A stream filter threw; resetting the stream")]
    public static partial void FilterFailed(ILogger logger, Exception exception);

    [LoggerMessage(2007, LogLevel.Debug, "Connection {ConnectionId}: no protocol matched; falling back to the next network filter")]
    public static partial void ProtocolFallback(ILogger logger, ulong connectionId);
}
