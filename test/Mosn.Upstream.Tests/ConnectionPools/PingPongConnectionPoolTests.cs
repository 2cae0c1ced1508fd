using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Upstream;
using Mosn.Network;
using Mosn.Streams;
using Mosn.Testing;
using Mosn.Upstream.ConnectionPools;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.ConnectionPools;

public sealed class PingPongConnectionPoolTests
{
    private readonly FakeConnectionFactory _factory = new();
    private readonly FakeProtocol _protocol = new();
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task NewStreamAsync_NoIdleConnection_ConnectsWithClusterSettings()
    {
        var config = new ClusterConfig { Name = "c", ConnectTimeout = TimeSpan.FromSeconds(3), ConnBufferLimitBytes = 8192 };
        var pool = CreatePool(config);

        var result = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.True(result.Success);
        Assert.Equal(PoolFailureReason.None, result.Failure);
        Assert.False(result.ReusedConnection);
        var call = Assert.Single(_factory.Calls);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 8080), call.EndPoint);
        Assert.Equal(TimeSpan.FromSeconds(3), call.Timeout);
        Assert.Equal(8192, call.BufferLimit);
        var connection = Assert.Single(_factory.Connections);
        Assert.Equal(ConnectionState.Active, connection.State);
        Assert.Equal(1, pool.ConnectionCount);
        Assert.Equal(0, pool.IdleCount);
        Assert.Equal(1, pool.Host.Stats.ActiveConnections);
        Assert.Equal(1, pool.Host.Cluster.Stats.ConnectionsTotal);
    }

    [Fact]
    public async Task NewStreamAsync_BytesArrive_DispatchedToStreamConnection()
    {
        var pool = CreatePool();
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var connection = Assert.Single(_factory.Connections);

        connection.Deliver(new ReadOnlySequence<byte>("HTTP/1.1 200 OK\r\n"u8.ToArray()));

        Assert.Equal(17, Assert.Single(_protocol.Created).BytesDispatched);
    }

    [Fact]
    public async Task NewStreamAsync_AfterStreamComplete_ReusesIdleConnection()
    {
        var pool = CreatePool(new ClusterConfig { Name = "c", IdleTimeout = TimeSpan.FromSeconds(42) });
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var client = Assert.Single(_protocol.Created);
        var connection = Assert.Single(_factory.Connections);
        Assert.Equal(TimeSpan.Zero, connection.IdleTimeout);

        client.CompleteStream();
        Assert.Equal(1, pool.IdleCount);
        Assert.Equal(TimeSpan.FromSeconds(42), connection.IdleTimeout);
        var second = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.True(second.Success);
        Assert.True(second.ReusedConnection);
        Assert.Equal(1, _factory.ConnectCount);
        Assert.Equal(2, client.StreamsStarted);
        Assert.Equal(0, pool.IdleCount);
        Assert.Equal(TimeSpan.Zero, connection.IdleTimeout);
    }

    [Fact]
    public async Task NewStreamAsync_TwoIdleConnections_MostRecentlyUsedFirst()
    {
        var pool = CreatePool();
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var clients = _protocol.Created.ToArray();
        clients[1].CompleteStream();
        clients[0].CompleteStream();

        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.Equal(2, clients[0].StreamsStarted);
        Assert.Equal(1, clients[1].StreamsStarted);
        Assert.Equal(1, pool.IdleCount);
    }

    [Fact]
    public async Task OnConnectionClosed_IdleConnectionClosedByUpstream_RemovedAtOnce()
    {
        var pool = CreatePool();
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        Assert.Single(_protocol.Created).CompleteStream();
        var first = Assert.Single(_factory.Connections);

        first.CloseFromRemote();
        Assert.Equal(0, pool.IdleCount);
        Assert.Equal(0, pool.ConnectionCount);
        Assert.Equal(0, pool.Host.Stats.ActiveConnections);
        var next = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.True(next.Success);
        Assert.False(next.ReusedConnection);
        Assert.Equal(2, _factory.ConnectCount);
    }

    [Fact]
    public async Task OnConnectionClosed_BusyConnectionClosed_NotReused()
    {
        var pool = CreatePool();
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var client = Assert.Single(_protocol.Created);

        Assert.Single(_factory.Connections).CloseFromRemote();
        client.CompleteStream();

        Assert.Equal(0, pool.ConnectionCount);
        Assert.Equal(0, pool.IdleCount);
    }

    [Fact]
    public async Task OnStreamComplete_MaxRequestsPerConnectionReached_ClosesConnection()
    {
        var pool = CreatePool(new ClusterConfig { Name = "c", MaxRequestPerConn = 2 });
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var client = Assert.Single(_protocol.Created);
        client.CompleteStream();
        var second = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        Assert.True(second.ReusedConnection);

        client.CompleteStream();

        var connection = Assert.Single(_factory.Connections);
        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Equal(ConnectionEvent.LocalClose, connection.CloseReason);
        Assert.Equal(ConnectionCloseType.FlushWrite, connection.CloseType);
        Assert.Equal(0, pool.ConnectionCount);
        var third = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        Assert.False(third.ReusedConnection);
    }

    [Fact]
    public async Task OnGoAway_WhileBusy_ClosesWhenStreamEnds()
    {
        var pool = CreatePool();
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var client = Assert.Single(_protocol.Created);
        var connection = Assert.Single(_factory.Connections);

        client.ReceiveGoAway();
        Assert.Equal(ConnectionState.Active, connection.State);
        client.CompleteStream();

        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Equal(0, pool.IdleCount);
    }

    [Fact]
    public async Task OnGoAway_WhileIdle_ClosesAtOnce()
    {
        var pool = CreatePool();
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var client = Assert.Single(_protocol.Created);
        client.CompleteStream();

        client.ReceiveGoAway();

        Assert.Equal(ConnectionState.Closed, Assert.Single(_factory.Connections).State);
        Assert.Equal(0, pool.ConnectionCount);
    }

    [Fact]
    public async Task OnStreamComplete_ProtocolRefusesNewStreams_ClosesConnection()
    {
        var pool = CreatePool();
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var client = Assert.Single(_protocol.Created);
        client.CanStartStream = false;

        client.CompleteStream();

        Assert.Equal(ConnectionState.Closed, Assert.Single(_factory.Connections).State);
    }

    [Theory]
    [InlineData(ConnectionEvent.ConnectFailed, PoolFailureReason.ConnectionFailure)]
    [InlineData(ConnectionEvent.ConnectTimeout, PoolFailureReason.Timeout)]
    public async Task NewStreamAsync_ConnectFails_ReportsReasonAndCounts(ConnectionEvent failure, PoolFailureReason expected)
    {
        _factory.Failure = failure;
        var pool = CreatePool();

        var result = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Equal(expected, result.Failure);
        Assert.Equal(1, pool.Host.Stats.ConnectFailures);
        Assert.Equal(1, pool.Host.Cluster.Stats.ConnectFailures);
        Assert.Equal(0, pool.ConnectionCount);
    }

    [Fact]
    public async Task NewStreamAsync_ConnectionClosesOnStart_ReportsConnectionFailure()
    {
        _factory.CloseOnStart = ConnectionEvent.RemoteClose;
        var pool = CreatePool();

        var result = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.Equal(PoolFailureReason.ConnectionFailure, result.Failure);
        Assert.Equal(0, pool.ConnectionCount);
        Assert.Equal(0, pool.Host.Stats.ActiveConnections);
    }

    [Fact]
    public async Task NewStreamAsync_MaxConnectionsAndPendingFull_OverflowsAtOnce()
    {
        var pool = CreatePool(Limits(maxConnections: 1, maxPending: 1));
        var first = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var waiting = pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        var overflow = pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.True(first.Success);
        Assert.False(waiting.IsCompleted);
        Assert.True(overflow.IsCompleted);
        Assert.Equal(PoolFailureReason.Overflow, (await overflow).Failure);
        Assert.Equal(1, _factory.ConnectCount);
        Assert.Equal(1, pool.PendingCount);
    }

    [Fact]
    public async Task NewStreamAsync_WaitingAtMaxConnections_GetsReleasedConnection()
    {
        var pool = CreatePool(Limits(maxConnections: 1, maxPending: 0));
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var waiting = pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        Assert.Single(_protocol.Created).CompleteStream();
        var result = await waiting;

        Assert.True(result.Success);
        Assert.True(result.ReusedConnection);
        Assert.Equal(1, _factory.ConnectCount);
        Assert.Equal(0, pool.IdleCount);
        Assert.Equal(0, pool.PendingCount);
    }

    [Fact]
    public async Task NewStreamAsync_WaitingAndBusyConnectionCloses_ConnectsForWaiter()
    {
        var pool = CreatePool(Limits(maxConnections: 1, maxPending: 0));
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var waiting = pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.Single(_factory.Connections).CloseFromRemote();
        var result = await waiting;

        Assert.True(result.Success);
        Assert.False(result.ReusedConnection);
        Assert.Equal(2, _factory.ConnectCount);
        Assert.Equal(1, pool.ConnectionCount);
    }

    [Fact]
    public async Task NewStreamAsync_WaitLongerThanConnectTimeout_Overflows()
    {
        var config = Limits(maxConnections: 1, maxPending: 0) with { ConnectTimeout = TimeSpan.FromSeconds(2) };
        var pool = CreatePool(config);
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var waiting = pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(PoolFailureReason.Overflow, (await waiting).Failure);
        Assert.Equal(0, pool.PendingCount);
        // The connection that comes back afterwards goes idle, not to the expired waiter.
        Assert.Single(_protocol.Created).CompleteStream();
        Assert.Equal(1, pool.IdleCount);
    }

    [Fact]
    public async Task NewStreamAsync_WaitCancelled_OverflowsAndLeavesQueue()
    {
        var pool = CreatePool(Limits(maxConnections: 1, maxPending: 0));
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var waiting = pool.NewStreamAsync(NullReceiver.Instance, cts.Token);

        await cts.CancelAsync();

        Assert.Equal(PoolFailureReason.Overflow, (await waiting).Failure);
        Assert.Equal(0, pool.PendingCount);
        Assert.Equal(0, _time.ActiveTimers);
    }

    [Fact]
    public async Task Drain_IdleAndBusyConnections_IdleClosedNowBusyAfterStream()
    {
        var pool = CreatePool();
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var clients = _protocol.Created.ToArray();
        clients[0].CompleteStream();

        pool.Drain();

        Assert.Equal(ConnectionState.Closed, clients[0].Connection.State);
        Assert.Equal(ConnectionState.Active, clients[1].Connection.State);
        Assert.Equal(1, pool.ConnectionCount);
        Assert.Equal(PoolFailureReason.ConnectionFailure, (await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None)).Failure);
        clients[1].CompleteStream();
        Assert.Equal(ConnectionState.Closed, clients[1].Connection.State);
        Assert.Equal(0, pool.ConnectionCount);
        Assert.Equal(2, _factory.ConnectCount);
    }

    [Fact]
    public async Task Drain_RequestsWaiting_FailThem()
    {
        var pool = CreatePool(Limits(maxConnections: 1, maxPending: 0));
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var waiting = pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        pool.Drain();

        Assert.Equal(PoolFailureReason.ConnectionFailure, (await waiting).Failure);
    }

    [Fact]
    public async Task OnStreamComplete_RetireAfterUsePool_ClosesConnection()
    {
        var pool = CreatePool(retireAfterUse: true);
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.Single(_protocol.Created).CompleteStream();

        Assert.Equal(ConnectionState.Closed, Assert.Single(_factory.Connections).State);
    }

    [Fact]
    public async Task DisposeAsync_BusyConnection_ClosesIt()
    {
        var pool = CreatePool();
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        await pool.DisposeAsync();

        Assert.Equal(ConnectionState.Closed, Assert.Single(_factory.Connections).State);
        Assert.Equal(0, pool.ConnectionCount);
    }

    [Fact]
    public async Task NewStreamAsync_ConcurrentRequests_NeverTwoStreamsOnOneConnection()
    {
        // FakeClientStreamConnection throws on a second concurrent stream; completions race with new requests.
        var pool = CreatePool(Limits(maxConnections: 4, maxPending: 0));
        var failures = 0;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                var result = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
                if (!result.Success)
                {
                    Interlocked.Increment(ref failures);
                    continue;
                }

                ((FakeStreamSender)result.Sender!).Owner.CompleteStream();
            }
        })));

        Assert.Equal(0, failures);
        Assert.InRange(_factory.ConnectCount, 1, 4);
        Assert.Equal(pool.ConnectionCount, pool.IdleCount);
    }

    [Fact]
    public async Task NewStreamAsync_RealLoopbackUpstream_ReusesConnectionAndDropsItWhenUpstreamCloses()
    {
        // A real upstream on loopback: answers each "REQ" line with "OK", and hangs up after its second answer.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = 0;
        using var stop = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var socket = await listener.AcceptSocketAsync(stop.Token);
                Interlocked.Increment(ref accepted);
                await using var stream = new NetworkStream(socket);
                using var reader = new StreamReader(stream);
                for (var i = 0; i < 2 && await reader.ReadLineAsync(stop.Token) is not null; i++)
                {
                    await stream.WriteAsync("OK\n"u8.ToArray(), stop.Token);
                }
            }
        });
        using var factory = new SocketConnectionFactory(TestLogging.Factory);
        var host = TestClusters.Host(address: $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        await using var pool = new PingPongConnectionPool(host, new LineProtocol(), factory, TimeProvider.System, TestLogging.Factory.CreateLogger("pool"));

        var first = await RoundTripAsync(pool);
        var second = await RoundTripAsync(pool);
        Assert.False(first.ReusedConnection);
        Assert.True(second.ReusedConnection);
        Assert.Equal(1, Volatile.Read(ref accepted));

        // The upstream closed the idle connection: the pool must forget it rather than send on it.
        await WaitUntilAsync(() => pool.ConnectionCount == 0);
        Assert.Equal(0, pool.IdleCount);
        var third = await RoundTripAsync(pool);

        Assert.False(third.ReusedConnection);
        Assert.Equal(2, Volatile.Read(ref accepted));
        Assert.Equal(2, host.Stats.ConnectionsTotal);
        await stop.CancelAsync();
        listener.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => server);
    }

    private static async Task<PoolStreamResult> RoundTripAsync(PingPongConnectionPool pool)
    {
        var receiver = new SignalReceiver();
        var result = await pool.NewStreamAsync(receiver, CancellationToken.None);
        Assert.True(result.Success);
        result.Sender!.SendHeaders(new HeaderMap(), endStream: true);
        await receiver.Response.WaitAsync(TimeSpan.FromSeconds(30));
        return result;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // A bounded wait for an asynchronous event (not a timing assertion): the deadline only keeps a broken build from hanging.
        for (var i = 0; i < 3000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    [Fact]
    public async Task SetMinConnections_Two_OpensIdleConnectionsThatRequestsReuse()
    {
        var pool = CreatePool(new ClusterConfig { Name = "c", IdleTimeout = TimeSpan.FromSeconds(42) });

        pool.SetMinConnections(2);

        Assert.Equal(2, _factory.ConnectCount);
        Assert.Equal((2, 2, 2L), (pool.ConnectionCount, pool.IdleCount, pool.Preconnects));
        Assert.All(_factory.Connections, c => Assert.Equal(TimeSpan.Zero, c.IdleTimeout));
        var result = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        Assert.True(result.ReusedConnection);
        Assert.Equal(2, _factory.ConnectCount);
        Assert.Equal(1, pool.IdleCount);
    }

    [Fact]
    public async Task SetMinConnections_UsedConnectionCloses_ReopensAtOnce()
    {
        var pool = CreatePool();
        pool.SetMinConnections(1);
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        _factory.Connections.First().CloseFromRemote();

        Assert.Equal(2, _factory.ConnectCount);
        Assert.Equal((1, 1, 2L), (pool.ConnectionCount, pool.IdleCount, pool.Preconnects));
    }

    [Fact]
    public void SetMinConnections_UnusedConnectionCloses_ReopensAfterRetryDelay()
    {
        var pool = CreatePool();
        pool.SetMinConnections(1);

        _factory.Connections.First().CloseFromRemote();
        Assert.Equal(1, _factory.ConnectCount);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, _factory.ConnectCount);
        Assert.Equal(1, pool.IdleCount);
    }

    [Fact]
    public void SetMinConnections_ConnectRefused_RetriesWithGrowingDelayAndCountsFailures()
    {
        var pool = CreatePool();
        _factory.Failure = ConnectionEvent.ConnectFailed;

        pool.SetMinConnections(1);
        Assert.Equal(1, _factory.ConnectCount);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _factory.ConnectCount);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _factory.ConnectCount);
        _factory.Failure = null;
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(3, _factory.ConnectCount);
        Assert.Equal(2, pool.Host.Stats.ConnectFailures);
        Assert.Equal(1, pool.IdleCount);
    }

    [Fact]
    public void SetMinConnections_AboveMaxConnections_StopsAtTheLimit()
    {
        var pool = CreatePool(Limits(maxConnections: 2, maxPending: 0));

        pool.SetMinConnections(5);

        Assert.Equal(2, pool.ConnectionCount);
    }

    [Fact]
    public void SetMinConnections_Drained_OpensNothingAndStopsRetrying()
    {
        var pool = CreatePool();
        _factory.Failure = ConnectionEvent.ConnectFailed;
        pool.SetMinConnections(1);

        pool.Drain();
        _time.Advance(TimeSpan.FromSeconds(5));
        pool.SetMinConnections(2);

        Assert.Equal(1, _factory.ConnectCount);
        Assert.Equal(0, _time.ActiveTimers);
    }

    [Fact]
    public async Task SetMinConnections_ConnectionsAboveMinimum_KeepTheIdleTimeout()
    {
        var pool = CreatePool(new ClusterConfig { Name = "c", IdleTimeout = TimeSpan.FromSeconds(42) });
        pool.SetMinConnections(1);
        var first = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var second = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        Assert.False(second.ReusedConnection);

        foreach (var created in _protocol.Created)
        {
            created.CompleteStream();
        }

        Assert.Equal(2, pool.IdleCount);
        Assert.Contains(_factory.Connections, c => c.IdleTimeout == TimeSpan.FromSeconds(42));
    }

    private PingPongConnectionPool CreatePool(ClusterConfig? config = null, bool retireAfterUse = false) =>
        new(TestClusters.Host(config), _protocol, _factory, _time, TestLogging.Factory.CreateLogger("pool"), retireAfterUse);

    private static ClusterConfig Limits(int maxConnections, int maxPending) => new()
    {
        Name = "c",
        CircuitBreakers = new CircuitBreakersConfig { MaxConnections = maxConnections, MaxPendingRequests = maxPending },
    };
}
