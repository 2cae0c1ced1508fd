using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Network;

namespace Mosn.Network;

public sealed partial class SocketConnection
{
    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Debug, "Connection {ConnectionId} closed: {Reason} ({CloseType})")]
        public static partial void Closed(ILogger logger, ulong connectionId, ConnectionEvent reason, ConnectionCloseType closeType);

        [LoggerMessage(1002, LogLevel.Error, "Connection {ConnectionId}: a read filter threw; closing the connection")]
        public static partial void ReadFilterFailed(ILogger logger, ulong connectionId, Exception exception);

        [LoggerMessage(1003, LogLevel.Error, "Connection {ConnectionId}: a connection event listener threw")]
        public static partial void ListenerFailed(ILogger logger, ulong connectionId, Exception exception);

        [LoggerMessage(1004, LogLevel.Debug, "Connection {ConnectionId}: write failed")]
        public static partial void WriteFailed(ILogger logger, ulong connectionId, Exception exception);

        [LoggerMessage(1005, LogLevel.Trace, "Connection {ConnectionId}: dispose failed")]
        public static partial void DisposeFailed(ILogger logger, ulong connectionId, Exception exception);
    }
}
