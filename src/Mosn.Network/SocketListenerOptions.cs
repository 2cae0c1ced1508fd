using System.Net;
using Mosn.Abstractions.Network;

namespace Mosn.Network;

/// <summary>Settings of one <see cref="SocketListener"/>.</summary>
public sealed record SocketListenerOptions
{
    /// <summary>Listener name (from config).</summary>
    public required string Name { get; init; }

    /// <summary>Address to bind: an <see cref="IPEndPoint"/> (port 0 picks a free port) or a <see cref="System.Net.Sockets.UnixDomainSocketEndPoint"/>.</summary>
    public required EndPoint EndPoint { get; init; }

    /// <summary>Per-connection buffer limit (read and write), bytes.</summary>
    public long BufferLimit { get; init; } = 32 * 1024;

    /// <summary>Idle timeout given to each accepted connection (zero: none).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Listener filters, run in order on accept.</summary>
    public IReadOnlyList<IListenerFilter> ListenerFilters { get; init; } = [];

    /// <summary>Network filter factories, applied in order to each accepted connection.</summary>
    public IReadOnlyList<IFilterChainFactory> FilterChain { get; init; } = [];

    /// <summary>Observers of the listener.</summary>
    public IReadOnlyList<IListenerEventListener> EventListeners { get; init; } = [];

    /// <summary>Most simultaneous connections (0: unlimited); connections past it are closed at once and counted.</summary>
    public int MaxConnections { get; init; }

    /// <summary>
    /// The listeners a connection may be handed to when a listener filter restored its original destination (MOSN's
    /// <c>use_original_dst</c>): called on each such connection, on the accepting task; it must be cheap, thread-safe and
    /// not throw. Null: connections always stay on this listener. Like <see cref="ListenerFilters"/>, only the
    /// constructor's value counts (<see cref="SocketListener.Update"/> does not change it).
    /// </summary>
    public Func<IEnumerable<SocketListener>>? HandOffTargets { get; init; }

    /// <summary>
    /// Whether accepted connections run on the process's epoll loops (true) or on .NET's socket engine (false); null: the
    /// process default (<c>MOSN_SOCKET_ENGINE</c>). Internal: tests run the transport on both engines.
    /// </summary>
    internal bool? UseEventLoop { get; init; }
}
