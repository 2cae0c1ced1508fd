using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Network;
using Mosn.Network.Unix;

namespace Mosn.Network;

/// <summary>
/// Connects upstream sockets and wraps them in <see cref="SocketConnection"/>s, so upstream and downstream connections
/// are the same type with the same buffers and backpressure.
/// </summary>
public sealed class SocketConnectionFactory : IConnectionFactory, IDisposable
{
    private readonly ILogger _connectionLogger;
    private readonly bool _useEventLoop;

    /// <summary>Creates the factory.</summary>
    public SocketConnectionFactory(ILoggerFactory loggerFactory)
        : this(loggerFactory, EpollLoop.IsDefault)
    {
    }

    /// <summary>Creates the factory; its connections use the process's <see cref="EpollLoop"/>s when <paramref name="useEventLoop"/>.</summary>
    internal SocketConnectionFactory(ILoggerFactory loggerFactory, bool useEventLoop)
    {
        _connectionLogger = loggerFactory.CreateLogger<SocketConnection>();
        _useEventLoop = useEventLoop;
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

        if (_useEventLoop && endPoint is not DnsEndPoint)
        {
            return await ConnectOnLoopAsync(socket, endPoint, timeout, bufferLimit, cancellationToken);
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
            return Fail(socket, cancellationToken.IsCancellationRequested ? ConnectionEvent.ConnectFailed : ConnectionEvent.ConnectTimeout);
        }
        catch (SocketException)
        {
            return Fail(socket, ConnectionEvent.ConnectFailed);
        }

        var limit = Math.Max(bufferLimit, 4096);
        return new ConnectResult(new SocketConnection(socket, limit, _connectionLogger), default);
    }

    /// <summary>
    /// A non-blocking <c>connect</c> whose completion an <see cref="EpollLoop"/> reports: .NET's socket engine never
    /// registers the socket (its asynchronous connect would, and would then wake for every event of the connection).
    /// </summary>
    private async ValueTask<ConnectResult> ConnectOnLoopAsync(Socket socket, EndPoint endPoint, TimeSpan timeout, long bufferLimit, CancellationToken cancellationToken)
    {
        var pending = false;
        try
        {
            socket.Blocking = false;
            socket.Connect(endPoint);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            pending = true;
        }
        catch (SocketException)
        {
            return Fail(socket, ConnectionEvent.ConnectFailed);
        }

        if (pending)
        {
            var loop = EpollLoop.Pick();
            var waiter = new EpollConnectWaiter();
            if (!loop.Register(waiter, socket, Epoll.Out))
            {
                return Fail(socket, ConnectionEvent.ConnectFailed);
            }

            try
            {
                await waiter.Ready.WaitAsync(timeout > TimeSpan.Zero ? timeout : Timeout.InfiniteTimeSpan, cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                loop.Unregister(waiter, socket);
                return Fail(socket, ex is TimeoutException ? ConnectionEvent.ConnectTimeout : ConnectionEvent.ConnectFailed);
            }

            loop.Unregister(waiter, socket);
        }

        try
        {
            // SO_ERROR says whether the connect failed; the peer's address (getpeername) that it is connected.
            var error = (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            if (error != 0 || socket.RemoteEndPoint is null)
            {
                return Fail(socket, ConnectionEvent.ConnectFailed);
            }
        }
        catch (SocketException)
        {
            return Fail(socket, ConnectionEvent.ConnectFailed);
        }

        var limit = Math.Max(bufferLimit, 4096);
        return new ConnectResult(new SocketConnection(socket, limit, _connectionLogger, useEventLoop: true), default);
    }

    private static ConnectResult Fail(Socket socket, ConnectionEvent reason)
    {
        socket.Dispose();
        return new ConnectResult(null, reason);
    }

    /// <inheritdoc />
    /// <remarks>Nothing to release: connections own their sockets and buffers.</remarks>
    public void Dispose()
    {
    }
}
