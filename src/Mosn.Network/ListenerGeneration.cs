using System.Collections.Concurrent;
using Mosn.Abstractions.Network;

namespace Mosn.Network;

/// <summary>
/// The connections a <see cref="SocketListener"/> accepted under one set of settings (one filter chain). A listener
/// starts with one generation; each <see cref="SocketListener.Update"/> (live reload) starts a new one, and the earlier
/// ones live on until their connections have closed.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class ListenerGeneration
{
    private readonly ConcurrentDictionary<ulong, IConnection> _connections = new();

    internal ListenerGeneration(SocketListenerOptions options)
    {
        Options = options;
    }

    /// <summary>The settings (filter chain, idle timeout, buffer limit) the generation's connections were given.</summary>
    public SocketListenerOptions Options { get; }

    /// <summary>The generation's connections still open (a snapshot taken at each read).</summary>
    public IReadOnlyCollection<IConnection> Connections => (IReadOnlyCollection<IConnection>)_connections.Values;

    /// <summary>True when none of the generation's connections is open.</summary>
    public bool IsEmpty => _connections.IsEmpty;

    /// <summary>Number of the generation's connections still open.</summary>
    public int Count => _connections.Count;

    internal void Add(IConnection connection) => _connections[connection.Id] = connection;

    internal void Remove(ulong id) => _connections.TryRemove(id, out _);
}
