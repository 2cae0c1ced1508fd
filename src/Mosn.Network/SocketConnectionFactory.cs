using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Network;

namespace Mosn.Network;

/// <summary>
/// Connects upstream sockets and wraps them in <see cref="SocketConnection"/>s, so upstream and downstream connections
/// are the same type with the same buffers and backpressure.
/// </summary>
public sealed class SocketConnectionFactory : IConnectionFactory, IDisposable
{
    private readonly ILogger _connectionLogger;

    /// <summary>Creates the factory.</summary>
    public SocketConnectionFactory(ILoggerFactory loggerFactory)
    {
        _connectionLogger = loggerFactory.CreateLogger<SocketConnection>();
    }

    /// <inheritdoc />
    public async ValueTask<ConnectResult> ConnectAsync(EndPoint endPoint, TimeSpan timeout, long bufferLimit, CancellationToken cancellationToken)
    {
        var isUnix = endPoint is UnixDomainSocketEndPoint;
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, isUnix ? ProtocolType.Unspecified : ProtocolType.Tcp);
        if (!isUnix)
        {
            socket.NoDelay = true;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout > TimeSpan.Zero)
        {
            cts.CancelAfter(timeout);
        }

        try
        {
            await socket.ConnectAsync(endPoint, cts.Token);
        }
        catch (OperationCanceledException)
        {
            socket.Dispose();
            return new ConnectResult(null, cancellationToken.IsCancellationRequested ? ConnectionEvent.ConnectFailed : ConnectionEvent.ConnectTimeout);
        }
        catch (SocketException)
        {
            socket.Dispose();
            return new ConnectResult(null, ConnectionEvent.ConnectFailed);
        }

        var limit = Math.Max(bufferLimit, 4096);
        return new ConnectResult(new SocketConnection(socket, limit, _connectionLogger), default);
    }

    /// <inheritdoc />
    /// <remarks>Nothing to release: connections own their sockets and buffers.</remarks>
    public void Dispose()
    {
    }
}
