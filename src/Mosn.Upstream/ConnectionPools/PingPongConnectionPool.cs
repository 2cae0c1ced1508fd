using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Abstractions.Upstream;
using Mosn.Upstream.Clusters;

namespace Mosn.Upstream.ConnectionPools;

/// <summary>
/// The pool of a non-multiplexed protocol (HTTP/1): one stream per connection at a time; a connection whose exchange
/// ended cleanly goes back to an idle list and is reused, most recently used first, so surplus connections stay idle
/// and time out.
/// </summary>
/// <remarks>
/// <para>Life of a connection: connected by <see cref="NewStreamAsync"/> (busy) → the stream connection reports
/// <see cref="IClientStreamConnectionCallbacks.OnStreamComplete"/> → back to the idle list (with the cluster's idle
/// timeout set on the connection), or closed when it may not carry another stream (peer said close, protocol
/// error, <c>max_request_per_conn</c> reached, pool draining) → its close event removes it from the pool at once, idle
/// or not, so a stream is never started on a connection the upstream has closed.</para>
/// <para>Limits: with <c>max_connections</c> reached, a request waits for a connection to come back, for at most the
/// cluster's connect timeout, in a queue bounded by <c>max_pending_requests</c>; past either it fails with
/// <see cref="PoolFailureReason.Overflow"/>.</para>
/// <para>Preconnect (<see cref="SetMinConnections"/>): the pool opens connections until it holds the minimum, puts them
/// in the idle list, opens a new one whenever one closes, and retries a failed preconnect after a growing delay
/// (<see cref="PreconnectRetry"/>). Idle connections within the minimum get no idle timeout.</para>
/// <para>Thread-safe. One lock guards the lists; it is held for O(1) work (the idle-list removal on close is O(idle))
/// and never across a call into the protocol other than <c>CanStartStream</c>, or across I/O.</para>
/// </remarks>
internal sealed partial class PingPongConnectionPool : IManagedConnectionPool
{
    private readonly IProtocol _protocol;
    private readonly IConnectionFactory _connectionFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly bool _retireAfterUse;
    private readonly Lock _lock = new();
    private readonly List<PoolClient> _idle = [];
    private readonly HashSet<PoolClient> _clients = [];
    private readonly LinkedList<PendingStream> _pending = new();
    private readonly Action<PendingStream> _expirePending;
    private volatile IHost _host;
    private int _connecting;
    private bool _draining;
    private int _minConnections;
    private long _preconnects;
    private ITimer? _preconnectRetryTimer;
    private TimeSpan _preconnectRetryDelay = PreconnectRetry.First;

    /// <summary>Creates an empty pool.</summary>
    /// <param name="host">The host; its <see cref="IHost.Cluster"/> supplies timeouts and limits.</param>
    /// <param name="protocol">A non-multiplexed protocol.</param>
    /// <param name="connectionFactory">Opens upstream connections.</param>
    /// <param name="timeProvider">Times the wait of pending requests.</param>
    /// <param name="logger">Debug logging of connect failures.</param>
    /// <param name="retireAfterUse">Close every connection when its stream ends (a pool for a host no longer in its cluster).</param>
    public PingPongConnectionPool(IHost host, IProtocol protocol, IConnectionFactory connectionFactory, TimeProvider timeProvider,
        ILogger logger, bool retireAfterUse = false)
    {
        if (protocol.IsMultiplexed)
        {
            throw new ArgumentException($"Protocol '{protocol.Name}' is multiplexed; a ping-pong pool carries one stream per connection.", nameof(protocol));
        }

        _host = host;
        _protocol = protocol;
        _connectionFactory = connectionFactory;
        _timeProvider = timeProvider;
        _logger = logger;
        _retireAfterUse = retireAfterUse;
        _expirePending = ExpirePending;
    }

    /// <inheritdoc />
    public IHost Host => _host;

    /// <inheritdoc />
    public string Protocol => _protocol.Name;

    /// <inheritdoc />
    public int ConnectionCount
    {
        get
        {
            lock (_lock)
            {
                return _clients.Count;
            }
        }
    }

    /// <inheritdoc />
    public int IdleCount
    {
        get
        {
            lock (_lock)
            {
                return _idle.Count;
            }
        }
    }

    /// <inheritdoc />
    public long Preconnects => Interlocked.Read(ref _preconnects);

    /// <inheritdoc />
    public int MinConnections
    {
        get
        {
            lock (_lock)
            {
                return _minConnections;
            }
        }
    }

    /// <summary>Requests waiting for a connection.</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>True once <see cref="Drain"/> was called.</summary>
    public bool IsDraining
    {
        get
        {
            lock (_lock)
            {
                return _draining;
            }
        }
    }

    /// <summary>
    /// Points the pool at a newer version of the same host (same address, updated cluster settings). Connections
    /// already open keep going; new ones and later limits use the new settings. Thread-safe.
    /// </summary>
    public void UpdateHost(IHost host) => _host = host;

    /// <inheritdoc />
    public void SetMinConnections(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            _minConnections = count;
        }

        Preconnect();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Completes synchronously when an idle connection is reused or a limit is hit. A cancelled
    /// <paramref name="cancellationToken"/> ends a wait with <see cref="PoolFailureReason.Overflow"/> and a connect with
    /// <see cref="PoolFailureReason.ConnectionFailure"/>; nothing is thrown. A drained pool answers
    /// <see cref="PoolFailureReason.ConnectionFailure"/>.
    /// </remarks>
    public ValueTask<PoolStreamResult> NewStreamAsync(IStreamReceiver responseReceiver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responseReceiver);
        while (true)
        {
            PoolClient? idle = null;
            var reusable = false;
            PendingStream? pending = null;
            var host = _host;
            lock (_lock)
            {
                if (_draining)
                {
                    return new(new PoolStreamResult(null, PoolFailureReason.ConnectionFailure, false));
                }

                if (_idle.Count > 0)
                {
                    idle = _idle[^1];
                    _idle.RemoveAt(_idle.Count - 1);
                    idle.State = PoolClientState.Busy;
                    reusable = idle.CanStartStream;
                    if (reusable)
                    {
                        TakeLocked(idle);
                    }
                }
                else if (HasCapacityLocked(host))
                {
                    _connecting++;
                }
                else
                {
                    var maxPending = (host.Cluster as ClusterInfo)?.MaxPendingRequests ?? 0;
                    if (maxPending > 0 && _pending.Count >= maxPending)
                    {
                        return new(new PoolStreamResult(null, PoolFailureReason.Overflow, false));
                    }

                    pending = new PendingStream(responseReceiver);
                    _pending.AddLast(pending.Node);
                }
            }

            if (reusable)
            {
                return new(new PoolStreamResult(idle!.StreamConnection.NewStream(responseReceiver), PoolFailureReason.None, true, idle.Connection.LocalAddress));
            }

            if (idle is not null)
            {
                // Taken from the idle list but no longer usable (closing, or the protocol refuses a new stream): close it and look again.
                idle.Close();
                continue;
            }

            if (pending is not null)
            {
                pending.Arm(_timeProvider, host.Cluster.ConnectTimeout, _expirePending, cancellationToken);
                return new(pending.Task);
            }

            return ConnectAndStartAsync(responseReceiver, cancellationToken);
        }
    }

    /// <inheritdoc />
    public void Drain()
    {
        PoolClient[] idle;
        PendingStream[] pending;
        lock (_lock)
        {
            if (_draining)
            {
                return;
            }

            _draining = true;
            _preconnectRetryTimer?.Dispose();
            _preconnectRetryTimer = null;
            idle = [.. _idle];
            _idle.Clear();
            foreach (var client in idle)
            {
                client.State = PoolClientState.Busy;
            }

            pending = [.. _pending];
            _pending.Clear();
        }

        foreach (var client in idle)
        {
            client.Close();
        }

        foreach (var waiter in pending)
        {
            waiter.TryComplete(new PoolStreamResult(null, PoolFailureReason.ConnectionFailure, false));
        }
    }

    /// <summary>Drains, then closes every connection, busy ones included, and waits until they are released.</summary>
    public async ValueTask DisposeAsync()
    {
        Drain();
        PoolClient[] clients;
        lock (_lock)
        {
            clients = [.. _clients];
        }

        foreach (var client in clients)
        {
            client.Close();
        }

        foreach (var client in clients)
        {
            await client.Connection.Completion.ConfigureAwait(false);
        }
    }

    /// <summary>The client's stream ended cleanly: reuse the connection (waiter first, then idle list) or close it.</summary>
    internal void OnStreamComplete(PoolClient client)
    {
        PendingStream? waiter = null;
        var close = false;
        var host = _host;
        lock (_lock)
        {
            if (client.State != PoolClientState.Busy)
            {
                return;
            }

            var maxRequests = host.Cluster.MaxRequestsPerConnection;
            if (_draining || _retireAfterUse || !client.CanStartStream || (maxRequests > 0 && client.RequestCount >= maxRequests))
            {
                close = true;
            }
            else if (_pending.First is { } first)
            {
                waiter = first.Value;
                _pending.RemoveFirst();
                TakeLocked(client);
            }
            else
            {
                client.State = PoolClientState.Idle;
                // Connections within the preconnect minimum stay open while idle.
                client.Connection.IdleTimeout = _clients.Count <= _minConnections ? TimeSpan.Zero : host.Cluster.IdleTimeout;
                _idle.Add(client);
            }
        }

        if (close)
        {
            client.Close();
        }
        else if (waiter is not null)
        {
            waiter.TryComplete(new PoolStreamResult(client.StreamConnection.NewStream(waiter.Receiver), PoolFailureReason.None, true, client.Connection.LocalAddress));
        }
    }

    /// <summary>The peer will take no more streams: close the connection now if idle, else once its stream ends.</summary>
    internal void OnGoAway(PoolClient client)
    {
        lock (_lock)
        {
            client.GoAwayReceived = true;
            if (client.State != PoolClientState.Idle)
            {
                return;
            }

            _idle.Remove(client);
            client.State = PoolClientState.Busy;
        }

        client.Close();
    }

    /// <summary>The connection closed (either side): forget it, and let a waiter use the freed slot.</summary>
    internal void OnConnectionClosed(PoolClient client, ConnectionEvent reason)
    {
        PendingStream? waiter;
        bool neverUsed;
        var host = _host;
        lock (_lock)
        {
            if (client.State == PoolClientState.Closed)
            {
                return;
            }

            if (client.State == PoolClientState.Idle)
            {
                _idle.Remove(client);
            }

            client.State = PoolClientState.Closed;
            _clients.Remove(client);
            neverUsed = client.RequestCount == 0;
            waiter = TakePendingForNewConnectionLocked(host);
        }

        host.Stats.OnConnectionClose();
        host.Cluster.Stats.OnConnectionClose();
        Log.ConnectionClosed(_logger, client.Connection.Id, host.Address, reason);
        if (waiter is not null)
        {
            _ = ConnectForPendingAsync(waiter);
        }

        if (neverUsed)
        {
            // Closed before it carried anything (a host that accepts and hangs up): re-open it for the preconnect
            // minimum after the retry delay, not in a loop.
            SchedulePreconnectRetry();
        }
        else
        {
            Preconnect();
        }
    }

    /// <summary>Opens connections until the pool holds <see cref="MinConnections"/> (counting connects under way).</summary>
    private void Preconnect()
    {
        var host = _host;
        int count;
        lock (_lock)
        {
            if (_draining || _retireAfterUse || _preconnectRetryTimer is not null)
            {
                return;
            }

            count = Math.Max(0, _minConnections - _clients.Count - _connecting);
            var max = host.Cluster.MaxConnections;
            if (max > 0)
            {
                count = Math.Min(count, Math.Max(0, max - _clients.Count - _connecting));
            }

            _connecting += count;
        }

        for (var i = 0; i < count; i++)
        {
            _ = PreconnectOneAsync();
        }
    }

    /// <summary>
    /// Opens one connection for the idle list (the caller counted it in <see cref="_connecting"/>); after a failure,
    /// arms the retry timer. Nobody awaits this task.
    /// </summary>
    private async Task PreconnectOneAsync()
    {
        PoolClient? client;
        try
        {
            (client, _) = await ConnectAsync(preconnect: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Only a protocol bug gets here (ConnectAsync rethrows it after giving the slot back); nobody awaits this task.
            Log.ConnectThrew(_logger, _host.Address, ex);
            client = null;
        }

        if (client is null)
        {
            SchedulePreconnectRetry();
            return;
        }

        Interlocked.Increment(ref _preconnects);
        lock (_lock)
        {
            _preconnectRetryDelay = PreconnectRetry.First;
        }

        // Registered busy without a stream: settling it puts it in the idle list (or hands it to a waiter).
        OnStreamComplete(client);
    }

    private void SchedulePreconnectRetry()
    {
        lock (_lock)
        {
            if (_draining || _retireAfterUse || _preconnectRetryTimer is not null || _clients.Count + _connecting >= _minConnections)
            {
                return;
            }

            var delay = _preconnectRetryDelay;
            _preconnectRetryDelay = PreconnectRetry.Next(delay);
            _preconnectRetryTimer = _timeProvider.CreateTimer(static s => ((PingPongConnectionPool)s!).OnPreconnectRetry(), this, delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnPreconnectRetry()
    {
        lock (_lock)
        {
            _preconnectRetryTimer?.Dispose();
            _preconnectRetryTimer = null;
        }

        Preconnect();
    }

    private async ValueTask<PoolStreamResult> ConnectAndStartAsync(IStreamReceiver receiver, CancellationToken cancellationToken)
    {
        var (client, failure) = await ConnectAsync(preconnect: false, cancellationToken).ConfigureAwait(false);
        return client is null
            ? new PoolStreamResult(null, failure, false)
            : new PoolStreamResult(client.StreamConnection.NewStream(receiver), PoolFailureReason.None, false, client.Connection.LocalAddress);
    }

    private async Task ConnectForPendingAsync(PendingStream waiter)
    {
        PoolClient? client;
        PoolFailureReason failure;
        try
        {
            (client, failure) = await ConnectAsync(preconnect: false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Only a protocol bug gets here (ConnectAsync rethrows it); nobody awaits this task, so log it and answer the waiter.
            Log.ConnectThrew(_logger, _host.Address, ex);
            (client, failure) = (null, PoolFailureReason.ConnectionFailure);
        }

        waiter.TryComplete(client is null
            ? new PoolStreamResult(null, failure, false)
            : new PoolStreamResult(client.StreamConnection.NewStream(waiter.Receiver), PoolFailureReason.None, false, client.Connection.LocalAddress));
    }

    /// <summary>
    /// Opens a connection for one stream. The caller has counted it in <see cref="_connecting"/>. On success the client
    /// is registered busy with its first request counted (none for a <paramref name="preconnect"/>); the caller starts
    /// the stream (or settles a preconnected client).
    /// </summary>
    private async ValueTask<(PoolClient? Client, PoolFailureReason Failure)> ConnectAsync(bool preconnect, CancellationToken cancellationToken)
    {
        var host = _host;
        var cluster = host.Cluster;
        ConnectResult result;
        try
        {
            result = await _connectionFactory.ConnectAsync(host.EndPoint, cluster.ConnectTimeout, cluster.ConnectionBufferLimitBytes, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The factory contract is to report failures as values; a throw is a bug there, but one request must not take the pool down.
            Log.ConnectThrew(_logger, host.Address, ex);
            result = new ConnectResult(null, ConnectionEvent.ConnectFailed);
        }

        if (!result.Success)
        {
            return (null, OnConnectFailed(host, result.Failure, cancellationToken.IsCancellationRequested));
        }

        var connection = result.Connection!;
        var client = new PoolClient(this, connection);
        try
        {
            client.StreamConnection = _protocol.CreateClientStreamConnection(connection, client, ProtocolOptions.Default);
            connection.AddReadFilter(new StreamConnectionReadFilter(client.StreamConnection));
            connection.AddConnectionEventListener(client);
        }
        catch
        {
            // A protocol bug: give the slot back and do not leak the socket; the exception is the programmer's to see.
            connection.Close(ConnectionCloseType.NoFlush);
            lock (_lock)
            {
                _connecting--;
            }

            throw;
        }

        lock (_lock)
        {
            _connecting--;
            _clients.Add(client);
            if (preconnect)
            {
                client.State = PoolClientState.Busy;
            }
            else
            {
                TakeLocked(client);
            }
        }

        host.Stats.OnConnectionOpen();
        cluster.Stats.OnConnectionOpen();
        connection.Start();
        lock (_lock)
        {
            if (client.State == PoolClientState.Closed)
            {
                // Closed by the peer (or a failed first read) before a byte was sent: the same as a failed connect.
                return (null, PoolFailureReason.ConnectionFailure);
            }
        }

        return (client, PoolFailureReason.None);
    }

    private PoolFailureReason OnConnectFailed(IHost host, ConnectionEvent failure, bool cancelled)
    {
        PendingStream? waiter;
        lock (_lock)
        {
            _connecting--;
            waiter = TakePendingForNewConnectionLocked(host);
        }

        if (!cancelled)
        {
            host.Stats.OnConnectFailure();
            host.Cluster.Stats.OnConnectFailure();
            Log.ConnectFailed(_logger, host.Address, failure);
        }

        if (waiter is not null)
        {
            _ = ConnectForPendingAsync(waiter);
        }

        return failure == ConnectionEvent.ConnectTimeout ? PoolFailureReason.Timeout : PoolFailureReason.ConnectionFailure;
    }

    private void ExpirePending(PendingStream waiter)
    {
        lock (_lock)
        {
            if (waiter.Node.List is null)
            {
                // Already served (or failed by a drain).
                return;
            }

            _pending.Remove(waiter.Node);
        }

        waiter.TryComplete(new PoolStreamResult(null, PoolFailureReason.Overflow, false));
    }

    /// <summary>Marks <paramref name="client"/> busy with one more stream. Pool lock held.</summary>
    private static void TakeLocked(PoolClient client)
    {
        client.State = PoolClientState.Busy;
        client.RequestCount++;
        // Busy connections are timed by the request's own timeouts, not the idle timeout.
        client.Connection.IdleTimeout = TimeSpan.Zero;
    }

    /// <summary>When a connection slot is free and a request waits, dequeues it and reserves the slot. Pool lock held.</summary>
    private PendingStream? TakePendingForNewConnectionLocked(IHost host)
    {
        if (_draining || _pending.First is not { } first || !HasCapacityLocked(host))
        {
            return null;
        }

        _pending.RemoveFirst();
        _connecting++;
        return first.Value;
    }

    private bool HasCapacityLocked(IHost host)
    {
        var max = host.Cluster.MaxConnections;
        return max <= 0 || _clients.Count + _connecting < max;
    }
}
