using System.Net;

namespace Mosn.Abstractions.Network;

/// <summary>Listens on one address (TCP or Unix domain socket) and accepts connections.</summary>
public interface IListener : IAsyncDisposable
{
    /// <summary>Configured name.</summary>
    string Name { get; }

    /// <summary>The bound address (with the real port when port 0 was configured). Null before <see cref="StartAsync"/>.</summary>
    EndPoint? BoundAddress { get; }

    /// <summary>Binds and starts accepting.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops accepting new connections; existing connections are not touched.</summary>
    Task StopAcceptingAsync();

    /// <summary>Connections accepted and still open.</summary>
    IReadOnlyCollection<IConnection> ActiveConnections { get; }
}
