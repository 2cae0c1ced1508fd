using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Network;

namespace Mosn.Upstream.ConnectionPools;

internal sealed partial class MultiplexConnectionPool
{
    private static partial class Log
    {
        [LoggerMessage(5111, LogLevel.Debug, "Multiplexed upstream connect to {Address} failed: {Reason}; {Waiters} waiting requests failed")]
        public static partial void ConnectFailed(ILogger logger, string address, ConnectionEvent reason, int waiters);

        [LoggerMessage(5112, LogLevel.Error, "Setting up a multiplexed upstream connection to {Address} threw")]
        public static partial void ConnectThrew(ILogger logger, string address, Exception exception);

        [LoggerMessage(5113, LogLevel.Debug, "Multiplexed upstream connection {ConnectionId} to {Address} left the pool after {Streams} streams: {Reason}")]
        public static partial void ConnectionClosed(ILogger logger, ulong connectionId, string address, int streams, ConnectionEvent reason);

        [LoggerMessage(5114, LogLevel.Debug, "Multiplexed upstream connection {ConnectionId} to {Address} received GOAWAY; it takes no new streams")]
        public static partial void GoAway(ILogger logger, ulong connectionId, string address);
    }
}
