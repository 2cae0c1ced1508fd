namespace Mosn.Abstractions.Network;

/// <summary>Events raised by a connection to its <see cref="IConnectionEventListener"/>s. The names follow MOSN.</summary>
public enum ConnectionEvent
{
    /// <summary>The peer closed the connection (FIN or reset received).</summary>
    RemoteClose,
    /// <summary>This side closed the connection.</summary>
    LocalClose,
    /// <summary>Closed after a read error.</summary>
    OnReadErrClose,
    /// <summary>Closed after a write error.</summary>
    OnWriteErrClose,
    /// <summary>An upstream connection finished connecting.</summary>
    Connected,
    /// <summary>An upstream connect attempt timed out.</summary>
    ConnectTimeout,
    /// <summary>An upstream connect attempt failed (refused, unreachable).</summary>
    ConnectFailed,
    /// <summary>Closed because no bytes moved for longer than the idle timeout.</summary>
    IdleTimeout,
    /// <summary>The connection is being shut down as part of a graceful stop.</summary>
    OnShutdown,
}
