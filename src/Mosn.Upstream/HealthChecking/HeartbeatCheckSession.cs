using System.Net;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;

namespace Mosn.Upstream.HealthChecking;

/// <summary>
/// The RPC heartbeat check (MOSN's SOFARPC health check session, for <c>protocol</c> <c>bolt</c>, <c>boltv2</c>,
/// <c>dubbo</c>, ...): sends the protocol's heartbeat and passes when its answer comes back with the success status.
/// As MOSN's session does, one connection is kept across checks; a check that times out, gets a failed answer or finds
/// the connection closed closes it, and the next check opens a new one (a refused connect fails the check).
/// </summary>
/// <remarks>
/// Threading: <see cref="CheckAsync"/> is called by one checker, one probe at a time; <see cref="Dispose"/> may race
/// with it from any thread, and a connection opened by a probe that loses that race is closed at once. The probe
/// connection is separate from the data-plane pools, so a host whose pool is full or draining is still checked, and a
/// heartbeat never takes a request's place.
/// </remarks>
internal sealed class HeartbeatCheckSession : IHealthCheckSession, IDisposable
{
    private readonly IConnectionFactory _connectionFactory;
    private readonly EndPoint _endPoint;
    private readonly IHeartbeatProtocol _protocol;
    private readonly TimeSpan _timeout;
    private readonly Lock _lock = new();
    private IConnection? _connection;
    private HeartbeatAnswerReader? _reader;
    private uint _lastId;
    private bool _disposed;

    /// <summary>Creates a session for one host.</summary>
    /// <param name="connectionFactory">Opens the probe connection.</param>
    /// <param name="endPoint">The host.</param>
    /// <param name="protocol">Writes heartbeats and recognises their answers.</param>
    /// <param name="timeout">Connect timeout (the whole check is bounded by the caller's token).</param>
    public HeartbeatCheckSession(IConnectionFactory connectionFactory, EndPoint endPoint, IHeartbeatProtocol protocol, TimeSpan timeout)
    {
        _connectionFactory = connectionFactory;
        _endPoint = endPoint;
        _protocol = protocol;
        _timeout = timeout;
    }

    /// <summary>Connections opened so far (tests: a healthy host keeps one).</summary>
    public int ConnectionsOpened { get; private set; }

    /// <inheritdoc />
    public async ValueTask<bool> CheckAsync(CancellationToken cancellationToken)
    {
        var (connection, reader) = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null || reader is null)
        {
            return false;
        }

        // Ids 1..uint.MaxValue (Bolt's id is 32 bits), so an answer never matches an earlier check's heartbeat.
        var id = ++_lastId == 0 ? ++_lastId : _lastId;
        var answer = reader.Expect(id);
        var frame = new ArrayBufferWriter<byte>(64);
        _protocol.WriteHeartbeat(frame, id);
        connection.Write(frame.WrittenSpan);
        bool healthy;
        try
        {
            healthy = await answer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The check's timeout: the host did not answer in time.
            healthy = false;
        }

        if (!healthy)
        {
            Release(connection);
        }

        return healthy;
    }

    /// <summary>Closes the kept connection; later checks fail. Idempotent; thread-safe.</summary>
    public void Dispose()
    {
        IConnection? connection;
        lock (_lock)
        {
            _disposed = true;
            connection = _connection;
            _connection = null;
            _reader = null;
        }

        connection?.Close(ConnectionCloseType.NoFlush);
    }

    private async ValueTask<(IConnection? Connection, HeartbeatAnswerReader? Reader)> GetConnectionAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return (null, null);
            }

            if (_connection is { State: ConnectionState.Active } kept && _reader is { Failed: false } keptReader)
            {
                return (kept, keptReader);
            }
        }

        Release(null);
        var result = await _connectionFactory.ConnectAsync(_endPoint, _timeout, HttpCheckSession.ProbeBufferLimit, cancellationToken)
            .ConfigureAwait(false);
        if (result.Connection is not { } connection)
        {
            return (null, null);
        }

        var reader = new HeartbeatAnswerReader(_protocol);
        connection.AddReadFilter(reader);
        connection.AddConnectionEventListener(reader);
        bool disposed;
        lock (_lock)
        {
            disposed = _disposed;
            if (!disposed)
            {
                _connection = connection;
                _reader = reader;
                ConnectionsOpened++;
            }
        }

        if (disposed)
        {
            connection.Close(ConnectionCloseType.NoFlush);
            return (null, null);
        }

        connection.Start();
        return (connection, reader);
    }

    /// <summary>Forgets and closes the kept connection (only <paramref name="expected"/> when given).</summary>
    private void Release(IConnection? expected)
    {
        IConnection? connection;
        lock (_lock)
        {
            connection = _connection;
            if (connection is null || (expected is not null && !ReferenceEquals(connection, expected)))
            {
                return;
            }

            _connection = null;
            _reader = null;
        }

        connection.Close(ConnectionCloseType.NoFlush);
    }
}
