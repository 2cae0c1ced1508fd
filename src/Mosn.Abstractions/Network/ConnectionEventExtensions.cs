namespace Mosn.Abstractions.Network;

/// <summary>Classification helpers for <see cref="ConnectionEvent"/>.</summary>
public static class ConnectionEventExtensions
{
    /// <summary>True when the event means the connection is now closed.</summary>
    public static bool IsClose(this ConnectionEvent e) => e is ConnectionEvent.RemoteClose or ConnectionEvent.LocalClose
        or ConnectionEvent.OnReadErrClose or ConnectionEvent.OnWriteErrClose or ConnectionEvent.IdleTimeout;

    /// <summary>True when the event means an upstream connect attempt failed.</summary>
    public static bool IsConnectFailure(this ConnectionEvent e) => e is ConnectionEvent.ConnectFailed or ConnectionEvent.ConnectTimeout;
}
