using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mosn.Abstractions.Network;

namespace Mosn.Network;

/// <summary>
/// A TCP or Unix-domain-socket listener on Kestrel's socket transport. Each accepted connection runs the listener
/// filters, gets its network filter chain installed, and starts its read loop.
/// </summary>
public sealed partial class SocketListener : IListener
{
    private readonly SocketListenerOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly SocketTransportFactory _transport;
    private readonly ConcurrentDictionary<ulong, IConnection> _connections = new();
    private IConnectionListener? _listener;
    private Task? _acceptLoop;
    private long _accepted;
    private long _rejected;

    /// <summary>Creates a listener; nothing is bound until <see cref="StartAsync"/>.</summary>
    public SocketListener(SocketListenerOptions options, ILoggerFactory loggerFactory)
    {
        _options = options;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SocketListener>();
        _transport = new SocketTransportFactory(
            Options.Create(new SocketTransportOptions
            {
                MaxReadBufferSize = Math.Max(options.BufferLimit, 4096),
                MaxWriteBufferSize = Math.Max(options.BufferLimit, 4096),
                NoDelay = true,

                // Inline scheduling (read loop on the socket thread, send inside flush) was measured: no gain for
                // small responses and 20% fewer requests per CPU second with 4 KiB ones (docs/benchmarks.md).
                UnsafePreferInlineScheduling = false,
                Backlog = 1024,
            }),
            loggerFactory);
    }

    /// <inheritdoc />
    public string Name => _options.Name;

    /// <inheritdoc />
    public EndPoint? BoundAddress => _listener?.EndPoint;

    /// <inheritdoc />
    public IReadOnlyCollection<IConnection> ActiveConnections => (IReadOnlyCollection<IConnection>)_connections.Values;

    /// <summary>Connections accepted since start.</summary>
    public long AcceptedCount => Interlocked.Read(ref _accepted);

    /// <summary>Connections rejected (listener filter, connection limit) since start.</summary>
    public long RejectedCount => Interlocked.Read(ref _rejected);

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.EndPoint is UnixDomainSocketEndPoint uds)
        {
            RemoveStaleSocketFile(uds.ToString());
        }

        _listener = await _transport.BindAsync(_options.EndPoint, cancellationToken);
        Log.Listening(_logger, Name, _listener.EndPoint);
        _acceptLoop = AcceptLoopAsync(_listener);
    }

    /// <summary>A socket file left by a crashed process would make bind fail; remove it if nobody listens on it.</summary>
    private void RemoveStaleSocketFile(string path)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return;
        }

        try
        {
            // A regular file opens; a socket file does not (ENXIO). Never delete something that is not a socket.
            using var regular = File.OpenRead(path);
            return;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            // Someone is listening: leave it, bind will fail with a clear error.
        }
        catch (SocketException)
        {
            File.Delete(path);
            Log.StaleSocketRemoved(_logger, Name, path);
        }
    }

    private async Task AcceptLoopAsync(IConnectionListener listener)
    {
        while (true)
        {
            ConnectionContext? context;
            try
            {
                context = await listener.AcceptAsync();
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (Exception ex)
            {
                // Accept errors (e.g. EMFILE) must not stop the listener for good: log, back off a little, go on.
                Log.AcceptFailed(_logger, Name, ex);
                await Task.Delay(50);
                continue;
            }

            if (context is null)
            {
                break; // unbound
            }

            _ = HandleAcceptedAsync(context);
        }

        foreach (var l in _options.EventListeners)
        {
            l.OnClose();
        }
    }

    private async Task HandleAcceptedAsync(ConnectionContext context)
    {
        try
        {
            if (_options.MaxConnections > 0 && _connections.Count >= _options.MaxConnections)
            {
                await RejectAsync(context);
                return;
            }

            if (_options.ListenerFilters.Count > 0)
            {
                var callbacks = new ListenerFilterCallbacks(context);
                foreach (var filter in _options.ListenerFilters)
                {
                    if (await filter.OnAcceptAsync(callbacks) == FilterStatus.StopIteration)
                    {
                        await RejectAsync(context);
                        return;
                    }
                }
            }

            var connection = new SocketConnection(context, _options.BufferLimit, _loggerFactory.CreateLogger<SocketConnection>());
            Interlocked.Increment(ref _accepted);
            _connections[connection.Id] = connection;
            _ = connection.Completion.ContinueWith(
                static (_task, state) =>
                {
                    var (self, id) = ((SocketListener, ulong))state!;
                    self._connections.TryRemove(id, out _);
                },
                (this, connection.Id),
                TaskScheduler.Default);

            foreach (var factory in _options.FilterChain)
            {
                factory.CreateFilterChain(connection);
            }

            connection.IdleTimeout = _options.IdleTimeout;
            foreach (var l in _options.EventListeners)
            {
                l.OnNewConnection(connection);
            }

            connection.Start();
        }
        catch (Exception ex)
        {
            // A filter factory threw (programmer error): drop this connection, keep the listener.
            Log.SetupFailed(_logger, Name, ex);
            context.Abort();
            await context.DisposeAsync();
        }
    }

    private async Task RejectAsync(ConnectionContext context)
    {
        Interlocked.Increment(ref _rejected);
        foreach (var l in _options.EventListeners)
        {
            l.OnRejected(context.RemoteEndPoint);
        }

        context.Abort();
        await context.DisposeAsync();
    }

    /// <inheritdoc />
    public async Task StopAcceptingAsync()
    {
        if (_listener is null)
        {
            return;
        }

        await _listener.UnbindAsync();
        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAcceptingAsync();
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }

        if (_options.EndPoint is UnixDomainSocketEndPoint uds && File.Exists(uds.ToString()))
        {
            File.Delete(uds.ToString());
        }
    }

    private sealed class ListenerFilterCallbacks(ConnectionContext context) : IListenerFilterCallbacks
    {
        private Dictionary<string, object?>? _items;

        public EndPoint? RemoteAddress => context.RemoteEndPoint;

        public EndPoint? LocalAddress => context.LocalEndPoint;

        public EndPoint? OriginalDestination { get; set; }

        public IDictionary<string, object?> Items => _items ??= [];
    }

    private static partial class Log
    {
        [LoggerMessage(1101, LogLevel.Information, "Listener {Name} listening on {EndPoint}")]
        public static partial void Listening(ILogger logger, string name, EndPoint? endPoint);

        [LoggerMessage(1102, LogLevel.Warning, "Listener {Name}: accept failed")]
        public static partial void AcceptFailed(ILogger logger, string name, Exception exception);

        [LoggerMessage(1103, LogLevel.Error, "Listener {Name}: setting up an accepted connection failed")]
        public static partial void SetupFailed(ILogger logger, string name, Exception exception);

        [LoggerMessage(1104, LogLevel.Warning, "Listener {Name}: removed stale socket file {Path}")]
        public static partial void StaleSocketRemoved(ILogger logger, string name, string path);
    }
}
