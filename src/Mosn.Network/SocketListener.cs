using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Network;
using Mosn.Network.Unix;
using Mosn.Network.OriginalDst;

namespace Mosn.Network;

/// <summary>
/// A TCP or Unix-domain-socket listener. It owns its listening socket and accept loop; each accepted socket runs the
/// listener filters, becomes a <see cref="SocketConnection"/>, gets its network filter chain installed, and starts
/// reading.
/// </summary>
/// <remarks>
/// <para>Owning the socket is what lets a running process hand it over (hot upgrade): <see cref="ListenSocket"/> is the
/// socket whose descriptor is passed, a listener started with <see cref="StartAsync(Socket, CancellationToken)"/> accepts on
/// a socket received that way, and <see cref="DetachAsync"/> stops accepting while leaving the socket open for the
/// process that took it over (both processes share one accept queue: no connection is refused in between).</para>
/// <para>The network filter chain and per-connection settings can be replaced while running (<see cref="Update"/>, live
/// reload): connections accepted from then on get the new chain; the earlier ones stay with theirs, grouped in the
/// returned <see cref="ListenerGeneration"/> for the caller to drain.</para>
/// <para>Original destination hand-off (MOSN's <c>use_original_dst</c>): when a listener filter restored the connection's
/// original destination and the listener has <see cref="SocketListenerOptions.HandOffTargets"/>, the connection is served
/// by the listener whose address matches that destination (see <see cref="ListenerAddressMatch.FindHandOffTarget"/>), with
/// that listener's filter chain, settings, connection limit, event listeners and connection list; it stays here when no
/// other listener matches. Either way the connection's <see cref="SocketConnection.OriginalDestination"/> is set.</para>
/// <para>Thread-safe. Accepting never throws out of the loop: accept errors (e.g. EMFILE) are logged and retried.</para>
/// </remarks>
public sealed partial class SocketListener : IListener
{
    private readonly SocketListenerOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Lock _generationLock = new();
    private readonly List<ListenerGeneration> _draining = [];
    private volatile ListenerGeneration _current;
    private Socket? _socket;
    private EndPoint? _boundAddress;
    private CancellationTokenSource? _acceptCts;
    private Task? _acceptLoop;
    private bool _inherited;
    private long _accepted;
    private long _rejected;
    private long _handedOff;

    /// <summary>Creates a listener; nothing is bound until <see cref="StartAsync(CancellationToken)"/>.</summary>
    public SocketListener(SocketListenerOptions options, ILoggerFactory loggerFactory)
    {
        _options = options;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SocketListener>();
        _current = new ListenerGeneration(options);
    }

    /// <inheritdoc />
    public string Name => _options.Name;

    /// <inheritdoc />
    public EndPoint? BoundAddress => _boundAddress;

    /// <summary>
    /// The listening socket (after <see cref="StartAsync(CancellationToken)"/>; null before and after <see cref="StopAcceptingAsync"/>), for
    /// handing its descriptor to another process. Do not accept on it or close it.
    /// </summary>
    public Socket? ListenSocket => _socket;

    /// <summary>The settings new connections get (the latest passed to <see cref="Update"/>, else the constructor's).</summary>
    public SocketListenerOptions CurrentOptions => _current.Options;

    /// <inheritdoc />
    public IReadOnlyCollection<IConnection> ActiveConnections
    {
        get
        {
            lock (_generationLock)
            {
                if (_draining.Count == 0)
                {
                    return _current.Connections;
                }

                var all = new List<IConnection>(_current.Connections);
                foreach (var generation in _draining)
                {
                    all.AddRange(generation.Connections);
                }

                return all;
            }
        }
    }

    /// <summary>Connections accepted since start.</summary>
    public long AcceptedCount => Interlocked.Read(ref _accepted);

    /// <summary>Connections rejected (listener filter, connection limit) since start.</summary>
    public long RejectedCount => Interlocked.Read(ref _rejected);

    /// <summary>
    /// Connections accepted here and handed to another listener by their original destination since start (they count
    /// in that listener's <see cref="AcceptedCount"/> or <see cref="RejectedCount"/>, not here).
    /// </summary>
    public long HandedOffCount => Interlocked.Read(ref _handedOff);

    /// <inheritdoc />
    /// <remarks>Binds a new socket (a stale Unix socket file left by a crashed process is removed first) and listens with a backlog of 1024.</remarks>
    public Task StartAsync(CancellationToken cancellationToken) => StartAsync(null, cancellationToken);

    /// <summary>
    /// Starts accepting on <paramref name="inherited"/> when not null (a socket received from the process being upgraded:
    /// already bound to <see cref="SocketListenerOptions.EndPoint"/> and listening; the listener owns it from now on),
    /// otherwise as <see cref="StartAsync(CancellationToken)"/>.
    /// </summary>
    public Task StartAsync(Socket? inherited, CancellationToken cancellationToken)
    {
        if (_socket is not null)
        {
            throw new InvalidOperationException($"Listener {Name} is already started.");
        }

        Socket socket;
        if (inherited is not null)
        {
            socket = inherited;
            _inherited = true;
        }
        else
        {
            if (_options.EndPoint is UnixDomainSocketEndPoint uds)
            {
                RemoveStaleSocketFile(uds.ToString());
            }

            socket = CreateBoundSocket(_options.EndPoint);
            try
            {
                socket.Listen(1024);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        _socket = socket;
        _boundAddress = socket.LocalEndPoint is { } local && local is not UnixDomainSocketEndPoint ? local : _options.EndPoint;
        Log.Listening(_logger, Name, _boundAddress, inherited is not null);
        _acceptCts = new CancellationTokenSource();
        _acceptLoop = AcceptLoopAsync(socket, _acceptCts.Token);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Replaces the filter chain and per-connection settings for connections accepted from now on (live reload). The
    /// address, listener filters and event listeners stay those of the constructor. Returns the previous generation: its
    /// connections keep their filter chain; the caller drains them (and may close what is left with
    /// <see cref="ListenerGeneration.Connections"/>). Thread-safe.
    /// </summary>
    public ListenerGeneration Update(SocketListenerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_generationLock)
        {
            var previous = _current;
            _current = new ListenerGeneration(options);
            if (!previous.IsEmpty)
            {
                _draining.Add(previous);
            }

            return previous;
        }
    }

    /// <summary>A socket file left by a crashed process would make bind fail; remove it if nobody listens on it.</summary>
    private void RemoveStaleSocketFile(string path)
    {
        if (RemoveStaleUnixSocket(path))
        {
            Log.StaleSocketRemoved(_logger, Name, path);
        }
    }

    /// <summary>
    /// Removes the Unix socket file at <paramref name="path"/> when nobody listens on it (left by a crashed process);
    /// returns true if it was removed. A regular file, or a socket somebody listens on, is left alone.
    /// </summary>
    public static bool RemoveStaleUnixSocket(string path)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return false;
        }

        try
        {
            // A regular file opens; a socket file does not (ENXIO). Never delete something that is not a socket.
            using var regular = File.OpenRead(path);
            return false;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            // Someone is listening: leave it, bind will fail with a clear error.
            return false;
        }
        catch (SocketException)
        {
            File.Delete(path);
            return true;
        }
    }

    private async Task AcceptLoopAsync(Socket listenSocket, CancellationToken cancellationToken)
    {
        var isTcp = listenSocket.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6;
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await listenSocket.AcceptAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                // The client gave up between SYN and accept: nothing to serve.
                continue;
            }
            catch (Exception ex)
            {
                // Accept errors (e.g. EMFILE) must not stop the listener for good: log, back off a little, go on.
                Log.AcceptFailed(_logger, Name, ex);
                await Task.Delay(50, CancellationToken.None);
                continue;
            }

            if (isTcp)
            {
                accepted.NoDelay = true;
            }

            _ = HandleAcceptedAsync(accepted);
        }

        foreach (var l in _options.EventListeners)
        {
            l.OnClose();
        }
    }

    private async Task HandleAcceptedAsync(Socket socket)
    {
        try
        {
            if (_options.MaxConnections > 0 && CountConnections() >= _options.MaxConnections)
            {
                Reject(socket);
                return;
            }

            EndPoint? originalDestination = null;
            var fallbackToLocal = false;
            if (_options.ListenerFilters.Count > 0)
            {
                var callbacks = new ListenerFilterCallbacks(socket);
                foreach (var filter in _options.ListenerFilters)
                {
                    if (await filter.OnAcceptAsync(callbacks) == FilterStatus.StopIteration)
                    {
                        Reject(socket);
                        return;
                    }
                }

                originalDestination = callbacks.OriginalDestination;
                fallbackToLocal = callbacks.HandOffFallbackToLocal;
            }

            if (originalDestination is IPEndPoint destination
                && _options.HandOffTargets is { } targets
                && ListenerAddressMatch.FindHandOffTarget(targets(), destination, fallbackToLocal) is { } target
                && target != this)
            {
                Interlocked.Increment(ref _handedOff);
                Log.HandedOff(_logger, Name, destination, target.Name);
                target.ServeHandedOff(socket, destination);
                return;
            }

            Serve(socket, originalDestination);
        }
        catch (Exception ex)
        {
            // A filter factory threw (programmer error): drop this connection, keep the listener.
            Log.SetupFailed(_logger, Name, ex);
            socket.Dispose();
        }
    }

    /// <summary>
    /// Serves a connection another listener accepted and handed over by its original destination: this listener's
    /// connection limit, filter chain and settings apply, its listener filters do not run (as in MOSN). Returns the
    /// connection, or null when the limit rejected it. Throws what a filter factory throws (the caller drops the connection).
    /// </summary>
    private SocketConnection? ServeHandedOff(Socket socket, EndPoint originalDestination)
    {
        if (_options.MaxConnections > 0 && CountConnections() >= _options.MaxConnections)
        {
            Reject(socket);
            return null;
        }

        return Serve(socket, originalDestination);
    }

    /// <summary>Creates the connection for <paramref name="socket"/> with the current generation's filter chain and starts it.</summary>
    private SocketConnection Serve(Socket socket, EndPoint? originalDestination)
    {
        // The generation is read once: the connection keeps this filter chain for its whole life.
        var generation = _current;
        var options = generation.Options;
        var connection = new SocketConnection(socket, Math.Max(options.BufferLimit, 4096), _loggerFactory.CreateLogger<SocketConnection>(), options.UseEventLoop ?? EpollLoop.IsDefault)
        {
            OriginalDestination = originalDestination,
        };
        Interlocked.Increment(ref _accepted);
        generation.Add(connection);
        connection.SetServedBy(this, generation);

        foreach (var factory in options.FilterChain)
        {
            factory.CreateFilterChain(connection);
        }

        connection.IdleTimeout = options.IdleTimeout;
        foreach (var l in _options.EventListeners)
        {
            l.OnNewConnection(connection);
        }

        connection.Start();
        return connection;
    }

    /// <summary>Called by a served connection once it has closed: it leaves its generation's count.</summary>
    internal void OnConnectionClosed(ListenerGeneration generation, ulong id)
    {
        generation.Remove(id);
        if (generation.IsEmpty && generation != _current)
        {
            lock (_generationLock)
            {
                _draining.Remove(generation);
            }
        }
    }

    private int CountConnections()
    {
        var n = _current.Count;
        if (_draining.Count > 0)
        {
            lock (_generationLock)
            {
                foreach (var generation in _draining)
                {
                    n += generation.Count;
                }
            }
        }

        return n;
    }

    private void Reject(Socket socket)
    {
        Interlocked.Increment(ref _rejected);
        EndPoint? remote = null;
        try
        {
            remote = socket.RemoteEndPoint;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        foreach (var l in _options.EventListeners)
        {
            l.OnRejected(remote);
        }

        socket.Dispose();
    }

    /// <inheritdoc />
    /// <remarks>Closes the listening socket (a Unix socket's file is removed, unless the socket was inherited).</remarks>
    public Task StopAcceptingAsync() => StopAsync(keepSocket: false);

    /// <summary>
    /// Stops accepting but leaves the listening socket open (hot upgrade: another process accepts on it now; closing our
    /// descriptor at exit does not affect theirs, and a Unix socket's file is not removed). Existing connections are not
    /// touched.
    /// </summary>
    public Task DetachAsync() => StopAsync(keepSocket: true);

    private async Task StopAsync(bool keepSocket)
    {
        var socket = Interlocked.Exchange(ref _socket, null);
        if (socket is null)
        {
            return;
        }

        _acceptCts?.Cancel();
        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }

        if (keepSocket)
        {
            // Disposing a socket this process bound to a Unix path would delete the path the other process serves.
            Detached.Add(socket);
        }
        else
        {
            socket.Dispose();
            if (_inherited && _options.EndPoint is UnixDomainSocketEndPoint uds)
            {
                // A socket built from a received descriptor does not remove its file on dispose as a bound one does.
                try
                {
                    File.Delete(uds.ToString());
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                }
            }
        }
    }

    // Sockets handed over to another process: kept referenced (not disposed) until this process exits.
    private static readonly System.Collections.Concurrent.ConcurrentBag<Socket> Detached = [];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAcceptingAsync();
        _acceptCts?.Dispose();
    }

    /// <summary>
    /// A listening socket bound to <paramref name="endPoint"/>: TCP (dual-stack on the IPv6 wildcard address) or a Unix
    /// domain socket. On Linux .NET sets <c>SO_REUSEADDR</c>, so a restart binds while old connections are in TIME_WAIT.
    /// </summary>
    private static Socket CreateBoundSocket(EndPoint endPoint)
    {
        Socket socket;
        if (endPoint is UnixDomainSocketEndPoint)
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        }
        else
        {
            socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (endPoint is IPEndPoint ip && ip.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }
        }

        try
        {
            socket.Bind(endPoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return socket;
    }

    private static partial class Log
    {
        [LoggerMessage(1101, LogLevel.Information, "Listener {Name} listening on {EndPoint} (inherited socket: {Inherited})")]
        public static partial void Listening(ILogger logger, string name, EndPoint? endPoint, bool inherited);

        [LoggerMessage(1102, LogLevel.Warning, "Listener {Name}: accept failed")]
        public static partial void AcceptFailed(ILogger logger, string name, Exception exception);

        [LoggerMessage(1103, LogLevel.Error, "Listener {Name}: setting up an accepted connection failed")]
        public static partial void SetupFailed(ILogger logger, string name, Exception exception);

        [LoggerMessage(1104, LogLevel.Warning, "Listener {Name}: removed stale socket file {Path}")]
        public static partial void StaleSocketRemoved(ILogger logger, string name, string path);

        [LoggerMessage(1105, LogLevel.Debug, "Listener {Name}: connection for original destination {Destination} handed to listener {Target}")]
        public static partial void HandedOff(ILogger logger, string name, EndPoint destination, string target);
    }
}
