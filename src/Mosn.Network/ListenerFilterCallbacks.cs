using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Mosn.Abstractions.Network;

namespace Mosn.Network;

/// <summary>
/// What the listener filters of one accepted connection see (<see cref="IListenerFilterCallbacks"/>), plus what our own
/// filters need beyond the contract: the accepted socket, and how the original-destination hand-off should match.
/// </summary>
/// <remarks>One per accepted connection; used by the accepting task only (not thread-safe).</remarks>
internal sealed class ListenerFilterCallbacks(ConnectionContext context, Socket? socket) : IListenerFilterCallbacks
{
    private Dictionary<string, object?>? _items;

    /// <inheritdoc />
    public EndPoint? RemoteAddress => context.RemoteEndPoint;

    /// <inheritdoc />
    public EndPoint? LocalAddress => context.LocalEndPoint;

    /// <inheritdoc />
    public EndPoint? OriginalDestination { get; set; }

    /// <inheritdoc />
    public IDictionary<string, object?> Items => _items ??= [];

    /// <summary>The accepted socket (owned by the transport: do not close it); null when unknown.</summary>
    public Socket? Socket => socket;

    /// <summary>
    /// When no listener has exactly the original destination's address, hand the connection to one listening on the
    /// loopback address with its port (MOSN's <c>fallback_to_local</c>) rather than on the wildcard address.
    /// </summary>
    public bool HandOffFallbackToLocal { get; set; }
}
