using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Abstractions.Upstream;
using Mosn.Upstream.Clusters;

namespace Mosn.Upstream.ConnectionPools;

/// <summary>
/// The pool of a multiplexed protocol (HTTP/2; later Bolt and Dubbo): many streams share few connections. A stream goes
/// to the oldest connection that still takes one, so the number of connections stays low and surplus ones go idle and
/// time out.
/// </summary>
/// <remarks>
/// <para>Growth: when no connection takes a stream (<see cref="IClientStreamConnection.CanStartStream"/> is false on
/// all: stream limit reached, GOAWAY, protocol error), the request waits in a queue and the pool opens one connection
/// (one connect at a time; <c>max_connections</c> bounds the total). When it is up, it takes waiters, first come first
/// served, for as long as the protocol accepts streams on it; if waiters remain, the next connection opens. A failed
/// connect fails the waiters with <see cref="PoolFailureReason.ConnectionFailure"/> or
/// <see cref="PoolFailureReason.Timeout"/>; a connection that closes before it carried anything counts as one.</para>
/// <para>Limits: the queue is bounded by <c>max_pending_requests</c> (past it: <see cref="PoolFailureReason.Overflow"/>
/// at once) and a request waits at most the cluster's connect timeout: <see cref="PoolFailureReason.Timeout"/> if a
/// connect was still under way then, else <see cref="PoolFailureReason.Overflow"/> (at <c>max_connections</c> with every
/// connection full). A stream slot freed on a connection (a stream completed or was reset) goes to the first waiter.</para>
/// <para>Retirement: a connection that received GOAWAY, reached <c>max_request_per_conn</c> streams, or belongs to a
/// draining pool takes no new streams and is closed once its last stream ends. The pool learns that a stream left a
/// connection from <see cref="IClientStreamConnectionCallbacks.OnStreamComplete"/>, which a multiplexed protocol raises
/// for every stream that leaves, reset ones included (the HTTP/2 client does), after it stopped counting the stream in
/// <see cref="IStreamConnection.ActiveStreamCount"/>; a stream counts from <see cref="IClientStreamConnection.NewStream"/>
/// on. A connection carrying no stream has the cluster's idle timeout armed on it; it is cleared when a stream starts.
/// A connection's close event removes it from the pool at once.</para>
/// <para>Preconnect (<see cref="SetMinConnections"/>): while the pool holds fewer connections than the minimum, it opens
/// them one at a time, as for waiters, and again whenever one closes; a failed preconnect is retried after a growing
/// delay (<see cref="PreconnectRetry"/>). Connections within the minimum get no idle timeout.</para>
/// <para>Thread-safe. One lock guards the lists. It is held for O(connections) work and, as its only calls into the
/// protocol, <see cref="IClientStreamConnection.CanStartStream"/>, <see cref="IStreamConnection.ActiveStreamCount"/> and
/// <see cref="IClientStreamConnection.NewStream"/>: checking room and starting the stream must be one step, or two
/// requests racing for a connection's last slot under the peer's stream limit would both get it. This requires the
/// protocol never to call back into the pool while it holds its own lock, nor from inside those members. Never held
/// across I/O, closing a connection, or completing a waiter.</para>
/// </remarks>
internal sealed partial class MultiplexConnectionPool : IManagedConnectionPool
{
    private readonly IProtocol _protocol;
    private readonly IConnectionFactory _connectionFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly bool _retireAfterUse;
    private readonly Lock _lock = new();
    // Connections that are up, oldest first: the first with room gets the next stream.
    private readonly List<MultiplexPoolClient> _clients = [];
    private readonly LinkedList<PendingStream> _pending = new();
    private readonly Action<PendingStream> _expirePending;
    private volatile IHost _host;
    // At most one connect at a time: a new connection's stream limit is unknown until it is up, so waiters wait for it
    // rather than each opening its own.
    private bool _connecting;
    private bool _draining;
    private int _minConnections;
    private long _preconnects;
    private ITimer? _preconnectRetryTimer;
    private TimeSpan _preconnectRetryDelay = PreconnectRetry.First;

    /// <summary>Creates an empty pool.</summary>
    /// <param name="host">The host; its <see cref="IHost.Cluster"/> supplies timeouts and limits.</param>
    /// <param name="protocol">A multiplexed protocol.</param>
    /// <param name="connectionFactory">Opens upstream connections.</param>
    /// <param name="timeProvider">Times the wait of pending requests.</param>
    /// <param name="logger">Debug logging of connects, GOAWAYs and closes.</param>
    /// <param name="retireAfterUse">Close every connection once it carries no stream (a pool for a host no longer in its cluster).</param>
    public MultiplexConnectionPool(IHost host, IProtocol protocol, IConnectionFactory connectionFactory, TimeProvider timeProvider,
        ILogger logger, bool retireAfterUse = false)
    {
        if (!protocol.IsMultiplexed)
        {
            throw new ArgumentException($"Protocol '{protocol.Name}' is not multiplexed; use a ping-pong pool.", nameof(protocol));
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
    /// <remarks>Connections that are up, retired ones still finishing their streams included; not one being opened.</remarks>
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
    /// <remarks>Connections that carry no stream (their idle timeout is armed). O(connections).</remarks>
    public int IdleCount
    {
        get
        {
            lock (_lock)
            {
                var idle = 0;
                foreach (var client in _clients)
                {
                    if (client.Idle)
                    {
                        idle++;
                    }
                }

                return idle;
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

    /// <summary>Requests waiting for a stream.</summary>
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

    /// <inheritdoc />
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

    /// <inheritdoc />
    public void UpdateHost(IHost host) => _host = host;

    /// <inheritdoc />
    public void SetMinConnections(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        bool connect;
        lock (_lock)
        {
            _minConnections = count;
            connect = TryBeginConnectLocked(_host);
        }

        if (connect)
        {
            _ = ConnectAsync();
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Completes synchronously when a connection has room (<see cref="PoolStreamResult.ReusedConnection"/> is true when
    /// it already carried a stream) or the queue is full; otherwise the request waits (see the type's remarks). A
    /// cancelled <paramref name="cancellationToken"/> ends the wait like its timeout does, and never cancels a connect
    /// other requests wait for. Nothing is thrown for network failures. A drained pool answers
    /// <see cref="PoolFailureReason.ConnectionFailure"/>.
    /// </remarks>
    public ValueTask<PoolStreamResult> NewStreamAsync(IStreamReceiver responseReceiver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responseReceiver);
        var host = _host;
        PendingStream pending;
        bool connect;
        lock (_lock)
        {
            if (_draining)
            {
                return new(new PoolStreamResult(null, PoolFailureReason.ConnectionFailure, false));
            }

            foreach (var client in _clients)
            {
                if (client.CanStartStream)
                {
                    return new(StartStreamLocked(client, responseReceiver, host));
                }
            }

            var maxPending = (host.Cluster as ClusterInfo)?.MaxPendingRequests ?? 0;
            if (maxPending > 0 && _pending.Count >= maxPending)
            {
                return new(new PoolStreamResult(null, PoolFailureReason.Overflow, false));
            }

            pending = new PendingStream(responseReceiver);
            _pending.AddLast(pending.Node);
            connect = TryBeginConnectLocked(host);
        }

        pending.Arm(_timeProvider, host.Cluster.ConnectTimeout, _expirePending, cancellationToken);
        if (connect)
        {
            _ = ConnectAsync();
        }

        return new(pending.Task);
    }

    /// <inheritdoc />
    /// <remarks>
    /// No new streams: waiting requests fail with <see cref="PoolFailureReason.ConnectionFailure"/>, idle connections
    /// close now, busy ones once their last stream ends; a connect under way closes its connection when it completes.
    /// Idempotent.
    /// </remarks>
    public void Drain()
    {
        List<MultiplexPoolClient>? idle = null;
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
            foreach (var client in _clients)
            {
                client.Retired = true;
                if (client.StreamConnection.ActiveStreamCount == 0)
                {
                    (idle ??= []).Add(client);
                }
            }

            pending = TakeAllPendingLocked();
        }

        if (idle is not null)
        {
            foreach (var client in idle)
            {
                client.Close();
            }
        }

        Fail(pending, PoolFailureReason.ConnectionFailure);
    }

    /// <summary>Drains, then closes every connection, busy ones included, and waits until they are released.</summary>
    public async ValueTask DisposeAsync()
    {
        Drain();
        MultiplexPoolClient[] clients;
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

    /// <summary>
    /// A stream on <paramref name="client"/> ended (completed or reset): its slot goes to the first waiter; a connection
    /// left with no stream goes idle, or closes if retired.
    /// </summary>
    internal void OnStreamEnded(MultiplexPoolClient client)
    {
        Debug.Assert(!_lock.IsHeldByCurrentThread, "The protocol called back into the pool from inside a call the pool made under its lock.");
        var host = _host;
        List<(PendingStream Waiter, PoolStreamResult Result)>? served = null;
        bool close;
        lock (_lock)
        {
            if (!client.Ready || client.Closed)
            {
                return;
            }

            ServeWaitersLocked(client, host, ref served);
            close = SettleLocked(client, host);
        }

        Complete(served);
        if (close)
        {
            client.Close();
        }
    }

    /// <summary>The peer takes no more streams on <paramref name="client"/>: retire it; close it now if it carries none.</summary>
    internal void OnGoAway(MultiplexPoolClient client)
    {
        Debug.Assert(!_lock.IsHeldByCurrentThread, "The protocol called back into the pool from inside a call the pool made under its lock.");
        var host = _host;
        bool close;
        lock (_lock)
        {
            client.Retired = true;
            if (!client.Ready || client.Closed)
            {
                // Not up yet (OnConnected settles it) or already gone.
                return;
            }

            close = SettleLocked(client, host);
        }

        Log.GoAway(_logger, client.Connection.Id, host.Address);
        if (close)
        {
            client.Close();
        }
    }

    /// <summary>The connection closed (either side): forget it, and open another if requests wait and a slot is free.</summary>
    internal void OnConnectionClosed(MultiplexPoolClient client, ConnectionEvent reason)
    {
        Debug.Assert(!_lock.IsHeldByCurrentThread, "A connection closed from inside a call the pool made under its lock.");
        var host = _host;
        var connect = false;
        int streams;
        lock (_lock)
        {
            if (client.Closed)
            {
                return;
            }

            client.Closed = true;
            client.Retired = true;
            streams = client.StreamCount;
            if (client.Ready)
            {
                _clients.Remove(client);
                if (_pending.Count == 0 && streams == 0)
                {
                    // A connection closed before it carried anything (a host that accepts and hangs up): re-open it
                    // for the preconnect minimum after the retry delay, not in a loop.
                    ArmPreconnectRetryLocked();
                }
                else
                {
                    connect = TryBeginConnectLocked(host);
                }
            }
        }

        host.Stats.OnConnectionClose();
        host.Cluster.Stats.OnConnectionClose();
        Log.ConnectionClosed(_logger, client.Connection.Id, host.Address, streams, reason);
        if (connect)
        {
            _ = ConnectAsync();
        }
    }

    /// <summary>
    /// Opens one connection for the waiters. The caller has set <see cref="_connecting"/>. Nobody awaits this task: every
    /// outcome, a bug included, ends in the waiters being served or failed and the flag being cleared.
    /// </summary>
    private async Task ConnectAsync()
    {
        var host = _host;
        bool preconnect;
        lock (_lock)
        {
            preconnect = _pending.Count == 0;
        }

        var cluster = host.Cluster;
        ConnectResult result;
        try
        {
            // Not the triggering request's token: other requests wait for this connection too.
            result = await _connectionFactory.ConnectAsync(host.EndPoint, cluster.ConnectTimeout, cluster.ConnectionBufferLimitBytes, CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The factory contract is to report failures as values; a throw is a bug there, but it must not strand the waiters.
            Log.ConnectThrew(_logger, host.Address, ex);
            result = new ConnectResult(null, ConnectionEvent.ConnectFailed);
        }

        if (!result.Success)
        {
            OnConnectFailed(host, result.Failure, countFailure: true);
            return;
        }

        var connection = result.Connection!;
        var client = new MultiplexPoolClient(this, connection);
        try
        {
            client.StreamConnection = _protocol.CreateClientStreamConnection(connection, client, ProtocolOptions.Default);
            connection.AddReadFilter(new StreamConnectionReadFilter(client.StreamConnection));
            connection.AddConnectionEventListener(client);
        }
        catch (Exception ex)
        {
            // A protocol bug: nobody awaits this task, so log it, do not leak the socket, and answer the waiters.
            Log.ConnectThrew(_logger, host.Address, ex);
            connection.Close(ConnectionCloseType.NoFlush);
            OnConnectFailed(host, ConnectionEvent.ConnectFailed, countFailure: false);
            return;
        }

        // Idle until it takes a stream (before Start, so no other thread sees the client yet).
        client.Idle = true;
        // A preconnected connection is within the minimum: no idle timeout.
        connection.IdleTimeout = preconnect ? TimeSpan.Zero : cluster.IdleTimeout;
        if (preconnect)
        {
            Interlocked.Increment(ref _preconnects);
        }

        host.Stats.OnConnectionOpen();
        cluster.Stats.OnConnectionOpen();
        connection.Start();
        OnConnected(client, host);
    }

    /// <summary>The new connection is started: it joins the pool and takes the waiters it has room for.</summary>
    private void OnConnected(MultiplexPoolClient client, IHost host)
    {
        List<(PendingStream Waiter, PoolStreamResult Result)>? served = null;
        PendingStream[]? failed = null;
        var close = false;
        var connect = false;
        lock (_lock)
        {
            _connecting = false;
            if (client.Closed)
            {
                // Closed by the peer (or a failed first read) before it carried anything: the same as a failed connect.
                failed = TakeAllPendingLocked();
                ArmPreconnectRetryLocked();
            }
            else if (_draining)
            {
                client.Retired = true;
                close = true;
            }
            else
            {
                client.Ready = true;
                _clients.Add(client);
                _preconnectRetryDelay = PreconnectRetry.First;
                ServeWaitersLocked(client, host, ref served);
                close = SettleLocked(client, host);
                // Open the next connection only when this one filled up: one that took nobody (retired at once, or a
                // protocol that refuses streams for now) must not turn into a connect loop. Preconnect continues up to
                // the minimum.
                if (served is not null || (!close && _clients.Count < _minConnections))
                {
                    connect = TryBeginConnectLocked(host);
                }
            }
        }

        Complete(served);
        if (failed is not null)
        {
            Fail(failed, PoolFailureReason.ConnectionFailure);
        }

        if (close)
        {
            client.Close();
        }

        if (connect)
        {
            _ = ConnectAsync();
        }
    }

    private void OnConnectFailed(IHost host, ConnectionEvent failure, bool countFailure)
    {
        PendingStream[] failed;
        lock (_lock)
        {
            _connecting = false;
            // One connect at a time, so every waiter was waiting for this one.
            failed = TakeAllPendingLocked();
            ArmPreconnectRetryLocked();
        }

        if (countFailure)
        {
            host.Stats.OnConnectFailure();
            host.Cluster.Stats.OnConnectFailure();
        }

        Log.ConnectFailed(_logger, host.Address, failure, failed.Length);
        Fail(failed, failure == ConnectionEvent.ConnectTimeout ? PoolFailureReason.Timeout : PoolFailureReason.ConnectionFailure);
    }

    private void ExpirePending(PendingStream waiter)
    {
        PoolFailureReason reason;
        lock (_lock)
        {
            if (waiter.Node.List is null)
            {
                // Already served (or failed by a connect failure or a drain).
                return;
            }

            _pending.Remove(waiter.Node);
            reason = _connecting ? PoolFailureReason.Timeout : PoolFailureReason.Overflow;
        }

        waiter.TryComplete(new PoolStreamResult(null, reason, false));
    }

    /// <summary>
    /// Starts a stream on <paramref name="client"/>, which has room: counts it, retires the connection at
    /// <c>max_request_per_conn</c>, and clears its idle timeout. Pool lock held.
    /// </summary>
    private static PoolStreamResult StartStreamLocked(MultiplexPoolClient client, IStreamReceiver receiver, IHost host)
    {
        var reused = client.StreamCount > 0;
        client.StreamCount++;
        var maxRequests = host.Cluster.MaxRequestsPerConnection;
        if (maxRequests > 0 && client.StreamCount >= maxRequests)
        {
            client.Retired = true;
        }

        if (client.Idle)
        {
            // Busy connections are timed by their requests' own timeouts, not the idle timeout.
            client.Idle = false;
            client.Connection.IdleTimeout = TimeSpan.Zero;
        }

        return new PoolStreamResult(client.StreamConnection.NewStream(receiver), PoolFailureReason.None, reused, client.Connection.LocalAddress);
    }

    /// <summary>Gives <paramref name="client"/>'s free slots to the first waiters. Pool lock held; complete them after releasing it.</summary>
    private void ServeWaitersLocked(MultiplexPoolClient client, IHost host, ref List<(PendingStream Waiter, PoolStreamResult Result)>? served)
    {
        while (_pending.First is { } first && client.CanStartStream)
        {
            _pending.RemoveFirst();
            var waiter = first.Value;
            (served ??= []).Add((waiter, StartStreamLocked(client, waiter.Receiver, host)));
        }
    }

    /// <summary>
    /// When <paramref name="client"/> carries no stream: arms its idle timeout, or returns true (close it) if it is
    /// retired or the pool retires connections after use. Pool lock held.
    /// </summary>
    private bool SettleLocked(MultiplexPoolClient client, IHost host)
    {
        if (client.StreamConnection.ActiveStreamCount != 0)
        {
            return false;
        }

        if (client.Retired || _retireAfterUse)
        {
            client.Retired = true;
            return true;
        }

        if (!client.Idle)
        {
            client.Idle = true;
            // Connections within the preconnect minimum stay open while idle.
            client.Connection.IdleTimeout = _clients.Count <= _minConnections ? TimeSpan.Zero : host.Cluster.IdleTimeout;
        }

        return false;
    }

    /// <summary>After a failed connect, retries preconnecting later if the pool is below its minimum. Pool lock held.</summary>
    private void ArmPreconnectRetryLocked()
    {
        if (_draining || _retireAfterUse || _preconnectRetryTimer is not null || _clients.Count >= _minConnections)
        {
            return;
        }

        var delay = _preconnectRetryDelay;
        _preconnectRetryDelay = PreconnectRetry.Next(delay);
        _preconnectRetryTimer = _timeProvider.CreateTimer(static s => ((MultiplexConnectionPool)s!).OnPreconnectRetry(), this, delay, Timeout.InfiniteTimeSpan);
    }

    private void OnPreconnectRetry()
    {
        bool connect;
        lock (_lock)
        {
            _preconnectRetryTimer?.Dispose();
            _preconnectRetryTimer = null;
            connect = TryBeginConnectLocked(_host);
        }

        if (connect)
        {
            _ = ConnectAsync();
        }
    }

    /// <summary>
    /// Reserves the connect when requests wait (or the pool is below its preconnect minimum and no retry is pending),
    /// none is under way and a connection slot is free. Pool lock held.
    /// </summary>
    private bool TryBeginConnectLocked(IHost host)
    {
        var warm = !_retireAfterUse && _preconnectRetryTimer is null && _clients.Count < _minConnections;
        if (_draining || _connecting || (_pending.Count == 0 && !warm))
        {
            return false;
        }

        var max = host.Cluster.MaxConnections;
        if (max > 0 && _clients.Count >= max)
        {
            return false;
        }

        _connecting = true;
        return true;
    }

    private PendingStream[] TakeAllPendingLocked()
    {
        if (_pending.Count == 0)
        {
            return [];
        }

        PendingStream[] all = [.. _pending];
        _pending.Clear();
        return all;
    }

    private static void Complete(List<(PendingStream Waiter, PoolStreamResult Result)>? served)
    {
        if (served is null)
        {
            return;
        }

        foreach (var (waiter, result) in served)
        {
            if (!waiter.TryComplete(result))
            {
                // Cannot happen (a waiter leaves the queue once, under the lock), but never strand a started stream.
                result.Sender?.Stream.ResetStream(StreamResetReason.LocalReset);
            }
        }
    }

    private static void Fail(PendingStream[] waiters, PoolFailureReason reason)
    {
        foreach (var waiter in waiters)
        {
            waiter.TryComplete(new PoolStreamResult(null, reason, false));
        }
    }
}
