using System.Net;
using System.Net.Sockets;
using Mosn.Abstractions.Network;

namespace Mosn.Network;

/// <summary>
/// What the listener filters of one accepted connection see (<see cref="IListenerFilterCallbacks"/>), plus what our own
/// filters need beyond the contract: the accepted socket, and how the original-destination hand-off should match.
/// </summary>
/// <remarks>One per accepted connection; used by the accepting task only (not thread-safe).</remarks>
internal sealed class ListenerFilterCallbacks(Socket socket) : IListenerFilterCallbacks
{
    private readonly EndPoint? _remote = TryGet(static s => s.RemoteEndPoint, socket);
    private readonly EndPoint? _local = TryGet(static s => s.LocalEndPoint, socket);
    private Dictionary<string, object?>? _items;

    /// <inheritdoc />
    public EndPoint? RemoteAddress => _remote;

    /// <inheritdoc />
    public EndPoint? LocalAddress => _local;

    /// <inheritdoc />
    public EndPoint? OriginalDestination { get; set; }

    /// <inheritdoc />
    public IDictionary<string, object?> Items => _items ??= [];

    /// <summary>The accepted socket (owned by the listener: do not close it).</summary>
    public Socket? Socket => socket;

    /// <summary>
    /// When no listener has exactly the original destination's address, hand the connection to one listening on the
    /// loopback address with its port (MOSN's <c>fallback_to_local</c>) rather than on the wildcard address.
    /// </summary>
    public bool HandOffFallbackToLocal { get; set; }

    private static EndPoint? TryGet(Func<Socket, EndPoint?> get, Socket socket)
    {
        try
        {
            return get(socket);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return null; // the peer is already gone
        }
    }
}
