using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Network;

namespace Mosn.Upstream.ConnectionPools;

internal sealed partial class PingPongConnectionPool
{
    private static partial class Log
    {
        [LoggerMessage(5101, LogLevel.Debug, "Upstream connect to {Address} failed: {Reason}")]
        public static partial void ConnectFailed(ILogger logger, string address, ConnectionEvent reason);

        [LoggerMessage(5102, LogLevel.Error, "Setting up an upstream connection to {Address} threw")]
        public static partial void ConnectThrew(ILogger logger, string address, Exception exception);

        [LoggerMessage(5103, LogLevel.Debug, "Upstream connection {ConnectionId} to {Address} left the pool: {Reason}")]
        public static partial void ConnectionClosed(ILogger logger, ulong connectionId, string address, ConnectionEvent reason);
    }
}
