using System.Net;
using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Network;

namespace Mosn.Filters.TcpProxy;

/// <summary>Source-generated log methods of the <c>tcp_proxy</c> filter (event ids 4101-4199).</summary>
internal static partial class TcpProxyLog
{
    [LoggerMessage(4101, LogLevel.Debug, "tcp_proxy {StatPrefix}: connection {ConnectionId} matched no route (remote {Remote}, local {Local})")]
    public static partial void NoRoute(ILogger logger, string statPrefix, ulong connectionId, EndPoint? remote, EndPoint? local);

    [LoggerMessage(4102, LogLevel.Debug, "tcp_proxy {StatPrefix}: connection {ConnectionId}: cluster {Cluster} does not exist")]
    public static partial void NoCluster(ILogger logger, string statPrefix, ulong connectionId, string cluster);

    [LoggerMessage(4103, LogLevel.Debug, "tcp_proxy {StatPrefix}: connection {ConnectionId}: no healthy host in cluster {Cluster}")]
    public static partial void NoHealthyUpstream(ILogger logger, string statPrefix, ulong connectionId, string cluster);

    [LoggerMessage(4104, LogLevel.Debug, "tcp_proxy {StatPrefix}: connection {ConnectionId}: connect to {Host} failed ({Failure}), attempt {Attempt} of {MaxAttempts}")]
    public static partial void ConnectFailed(ILogger logger, string statPrefix, ulong connectionId, string host, ConnectionEvent failure, int attempt, int maxAttempts);

    [LoggerMessage(4105, LogLevel.Debug, "tcp_proxy {StatPrefix}: connection {ConnectionId} proxied to {Host} over upstream connection {UpstreamId}")]
    public static partial void Connected(ILogger logger, string statPrefix, ulong connectionId, string host, ulong upstreamId);

    [LoggerMessage(4106, LogLevel.Error, "tcp_proxy {StatPrefix}: connection {ConnectionId}: setting up the upstream failed")]
    public static partial void SetupFailed(ILogger logger, string statPrefix, ulong connectionId, Exception exception);
}
