using System.Net;
using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Streams;
using Mosn.Abstractions.Upstream;
using Mosn.Testing;
using Mosn.Upstream.ConnectionPools;
using Mosn.Upstream.Tests.Fakes;
using FakeConnection = Mosn.Upstream.Tests.Fakes.FakeConnection;

namespace Mosn.Upstream.Tests.ConnectionPools;

public sealed class MultiplexConnectionPoolTests
{
    private readonly FakeConnectionFactory _factory = new();
    private readonly FakeMultiplexProtocol _protocol = new(maxConcurrentStreams: 2);
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Constructor_NonMultiplexedProtocol_Throws()
    {
        Assert.Throws<ArgumentException>(() => new MultiplexConnectionPool(TestClusters.Host(), new FakeProtocol(), _factory, _time,
            TestLogging.Factory.CreateLogger("pool")));
    }

    [Fact]
    public async Task NewStreamAsync_FirstRequest_ConnectsWithClusterSettings()
    {
        var pool = CreatePool(new ClusterConfig { Name = "c", ConnectTimeout = TimeSpan.FromSeconds(3), ConnBufferLimitBytes = 8192 });

        var result = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.True(result.Success);
        Assert.False(result.ReusedConnection);
        var call = Assert.Single(_factory.Calls);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 8080), call.EndPoint);
        Assert.Equal(TimeSpan.FromSeconds(3), call.Timeout);
        Assert.Equal(8192, call.BufferLimit);
        var connection = Assert.Single(_factory.Connections);
        Assert.Equal(ConnectionState.Active, connection.State);
        Assert.IsType<StreamConnectionReadFilter>(Assert.Single(connection.ReadFilters));
        Assert.Equal(1, pool.ConnectionCount);
        Assert.Equal(0, pool.IdleCount);
        Assert.Equal(1, pool.Host.Stats.ActiveConnections);
        Assert.Equal(1, pool.Host.Cluster.Stats.ConnectionsTotal);
        Assert.Same(Assert.Single(_protocol.Created), ((FakeMultiplexStream)result.Sender!).Owner);
    }

    [Fact]
    public async Task NewStreamAsync_ConnectionHasRoom_StreamsShareItSynchronously()
    {
        _protocol.MaxConcurrentStreams = 100;
        var pool = CreatePool();
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        var next = Enumerable.Range(0, 5).Select(_ => pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None)).ToArray();

        Assert.All(next, n => Assert.True(n.IsCompletedSuccessfully));
        foreach (var n in next)
        {
            Assert.True((await n).ReusedConnection);
        }

        Assert.Equal(1, _factory.ConnectCount);
        Assert.Equal(6, Assert.Single(_protocol.Created).ActiveStreamCount);
    }

    [Fact]
    public async Task NewStreamAsync_FirstConnectionFull_SecondOpensExactlyThen()
    {
        var pool = CreatePool();
        var first = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var second = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        Assert.Equal(1, _factory.ConnectCount);

        var third = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var fourth = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.Equal(2, _factory.ConnectCount);
        var clients = _protocol.Created.ToArray();
        Assert.Equal([clients[0], clients[0], clients[1], clients[1]], new[] { first, second, third, fourth }.Select(Owner));
        Assert.False(third.ReusedConnection);
        Assert.True(fourth.ReusedConnection);
        Assert.Equal(2, pool.ConnectionCount);
    }

    [Fact]
    public async Task NewStreamAsync_SlotFreedOnOldestConnection_PrefersIt()
    {
        var pool = CreatePool();
        for (var i = 0; i < 3; i++)
        {
            await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        }

        var clients = _protocol.Created.ToArray();
        clients[0].CompleteOldest();
        var next = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.Same(clients[0], Owner(next));
        Assert.Equal(2, _factory.ConnectCount);
    }

    [Fact]
    public async Task NewStreamAsync_WhileConnecting_WaitersShareTheNewConnection()
    {
        _factory.HoldConnects();
        var pool = CreatePool();
        var waiting = Enumerable.Range(0, 2).Select(_ => pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None).AsTask()).ToArray();
        Assert.All(waiting, w => Assert.False(w.IsCompleted));
        Assert.Equal(2, pool.PendingCount);

        _factory.ReleaseConnects();
        var results = await Task.WhenAll(waiting);

        Assert.Equal(1, _factory.ConnectCount);
        Assert.All(results, r => Assert.True(r.Success));
        Assert.Equal([false, true], results.Select(r => r.ReusedConnection));
        Assert.Equal(2, Assert.Single(_protocol.Created).ActiveStreamCount);
        Assert.Equal(0, pool.PendingCount);
    }

    [Fact]
    public async Task NewStreamAsync_MoreWaitersThanNewConnectionTakes_OpensAnother()
    {
        _factory.HoldConnects();
        var pool = CreatePool();
        var waiting = Enumerable.Range(0, 3).Select(_ => pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None).AsTask()).ToArray();
        Assert.Equal(1, _factory.ConnectCount);

        _factory.ReleaseConnects();
        var results = await Task.WhenAll(waiting);

        Assert.All(results, r => Assert.True(r.Success));
        Assert.Equal(2, _factory.ConnectCount);
        var clients = _protocol.Created.ToArray();
        Assert.Equal([clients[0], clients[0], clients[1]], results.Select(Owner));
    }

    [Theory]
    [InlineData(ConnectionEvent.ConnectFailed, PoolFailureReason.ConnectionFailure)]
    [InlineData(ConnectionEvent.ConnectTimeout, PoolFailureReason.Timeout)]
    public async Task NewStreamAsync_ConnectFails_FailsEveryWaiterAndCounts(ConnectionEvent failure, PoolFailureReason expected)
    {
        _factory.HoldConnects();
        _factory.Failure = failure;
        var pool = CreatePool();
        var waiting = Enumerable.Range(0, 3).Select(_ => pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None).AsTask()).ToArray();

        _factory.ReleaseConnects();
        var results = await Task.WhenAll(waiting);

        Assert.All(results, r => Assert.Equal(expected, r.Failure));
        Assert.Equal(1, _factory.ConnectCount);
        Assert.Equal(1, pool.Host.Stats.ConnectFailures);
        Assert.Equal(1, pool.Host.Cluster.Stats.ConnectFailures);
        Assert.Equal(0, pool.PendingCount);
        Assert.Equal(0, pool.ConnectionCount);
        Assert.Equal(0, _time.ActiveTimers);
    }

    [Fact]
    public async Task NewStreamAsync_ConnectFailedBefore_NextRequestConnectsAgain()
    {
        _factory.Failure = ConnectionEvent.ConnectFailed;
        var pool = CreatePool();
        Assert.False((await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None)).Success);

        _factory.Failure = null;
        var result = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.True(result.Success);
        Assert.Equal(2, _factory.ConnectCount);
    }

    [Fact]
    public async Task NewStreamAsync_ConnectionClosesOnStart_FailsWaitersWithConnectionFailure()
    {
        _factory.CloseOnStart = ConnectionEvent.RemoteClose;
        var pool = CreatePool();

        var result = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.Equal(PoolFailureReason.ConnectionFailure, result.Failure);
        Assert.Equal(1, _factory.ConnectCount);
        Assert.Equal(0, pool.ConnectionCount);
        Assert.Equal(0, pool.Host.Stats.ActiveConnections);
    }

    [Fact]
    public async Task NewStreamAsync_PendingQueueFull_OverflowsAtOnce()
    {
        _factory.HoldConnects();
        var pool = CreatePool(Limits(maxConnections: 0, maxPending: 1));
        var waiting = pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        var overflow = pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.False(waiting.IsCompleted);
        Assert.True(overflow.IsCompleted);
        Assert.Equal(PoolFailureReason.Overflow, (await overflow).Failure);
        _factory.ReleaseConnects();
        Assert.True((await waiting).Success);
    }

    [Fact]
    public async Task NewStreamAsync_MaxConnectionsFullAndWaitExpires_Overflows()
    {
        var config = Limits(maxConnections: 1, maxPending: 0) with { ConnectTimeout = TimeSpan.FromSeconds(2) };
        var pool = CreatePool(config);
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var waiting = pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(PoolFailureReason.Overflow, (await waiting).Failure);
        Assert.Equal(1, _factory.ConnectCount);
        Assert.Equal(0, pool.PendingCount);
        // The slot freed afterwards is not given to the expired waiter.
        Assert.Single(_protocol.Created).CompleteOldest();
        Assert.Equal(1, Assert.Single(_protocol.Created).ActiveStreamCount);
    }

    [Fact]
    public async Task NewStreamAsync_MaxConnectionsFull_WaiterGetsFreedSlot()
    {
        var pool = CreatePool(Limits(maxConnections: 1, maxPending: 0));
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var waiting = pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        Assert.Single(_protocol.Created).CompleteOldest();
        var result = await waiting;

        Assert.True(result.Success);
        Assert.True(result.ReusedConnection);
        Assert.Equal(1, _factory.ConnectCount);
        Assert.Equal(0, pool.PendingCount);
    }

    [Fact]
    public async Task NewStreamAsync_MaxConnectionsFullAndAStreamIsReset_WaiterGetsFreedSlot()
    {
        var pool = CreatePool(Limits(maxConnections: 1, maxPending: 0));
        var first = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var waiting = pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        // The proxy gives up on a stream before sending anything (e.g. a downstream reset).
        first.Sender!.Stream.ResetStream(StreamResetReason.LocalReset);

        Assert.True((await waiting).Success);
        Assert.Equal(1, _factory.ConnectCount);
    }

    [Fact]
    public async Task NewStreamAsync_WaitExpiresWhileConnecting_TimeoutAndConnectionGoesIdle()
    {
        _factory.HoldConnects();
        var pool = CreatePool(new ClusterConfig { Name = "c", ConnectTimeout = TimeSpan.FromSeconds(2), IdleTimeout = TimeSpan.FromSeconds(9) });
        var waiting = pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(PoolFailureReason.Timeout, (await waiting).Failure);
        _factory.ReleaseConnects();
        await WaitUntilAsync(() => pool.ConnectionCount == 1);

        Assert.Equal(1, pool.IdleCount);
        Assert.Equal(TimeSpan.FromSeconds(9), Assert.Single(_factory.Connections).IdleTimeout);
        Assert.Equal(0, Assert.Single(_protocol.Created).StreamsStarted);
    }

    [Fact]
    public async Task NewStreamAsync_WaitCancelled_LeavesQueueWithoutCancellingConnect()
    {
        _factory.HoldConnects();
        var pool = CreatePool();
        using var cts = new CancellationTokenSource();
        var cancelled = pool.NewStreamAsync(NullReceiver.Instance, cts.Token);
        var other = pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        await cts.CancelAsync();
        Assert.False((await cancelled).Success);
        Assert.Equal(1, pool.PendingCount);
        _factory.ReleaseConnects();

        var result = await other;
        Assert.True(result.Success);
        Assert.False(result.ReusedConnection);
        Assert.Equal(1, Assert.Single(_protocol.Created).ActiveStreamCount);
    }

    [Fact]
    public async Task OnStreamEnded_LastStreamEnds_ArmsIdleTimeoutAndNextStreamClearsIt()
    {
        var pool = CreatePool(new ClusterConfig { Name = "c", IdleTimeout = TimeSpan.FromSeconds(42) });
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var second = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var client = Assert.Single(_protocol.Created);
        var connection = Assert.Single(_factory.Connections);
        Assert.Equal(TimeSpan.Zero, connection.IdleTimeout);

        client.CompleteOldest();
        Assert.Equal(TimeSpan.Zero, connection.IdleTimeout);
        second.Sender!.Stream.ResetStream(StreamResetReason.RemoteReset);
        Assert.Equal(TimeSpan.FromSeconds(42), connection.IdleTimeout);
        Assert.Equal(1, pool.IdleCount);
        var third = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.True(third.ReusedConnection);
        Assert.Equal(TimeSpan.Zero, connection.IdleTimeout);
        Assert.Equal(0, pool.IdleCount);
        Assert.Equal(1, pool.ConnectionCount);
    }

    [Fact]
    public async Task OnGoAway_BusyConnection_NewStreamsGoToNewConnectionAndOldClosesAfterItsStreams()
    {
        var pool = CreatePool();
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var old = Assert.Single(_protocol.Created);

        old.ReceiveGoAway();
        var next = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.Equal(2, _factory.ConnectCount);
        Assert.NotSame(old, Owner(next));
        Assert.Equal(ConnectionState.Active, old.Connection.State);
        Assert.Equal(2, pool.ConnectionCount);
        old.CompleteOldest();
        Assert.Equal(ConnectionState.Closed, old.Connection.State);
        Assert.Equal(ConnectionCloseType.FlushWrite, ((FakeConnection)old.Connection).CloseType);
        Assert.Equal(1, pool.ConnectionCount);
    }

    [Fact]
    public async Task OnGoAway_RefusedStreams_RetryGetsNewConnectionAndOldClosesWhenLastStreamResets()
    {
        var pool = CreatePool();
        var kept = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var refused = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var old = Assert.Single(_protocol.Created);

        old.ReceiveGoAway(refusedAbove: kept.Sender!.Stream.Id);
        Assert.Equal(StreamResetReason.RefusedStream, ((FakeMultiplexStream)refused.Sender!).ResetReason);
        var retry = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.NotSame(old, Owner(retry));
        Assert.Equal(ConnectionState.Active, old.Connection.State);
        kept.Sender.Stream.ResetStream(StreamResetReason.RemoteReset);
        Assert.Equal(ConnectionState.Closed, old.Connection.State);
        Assert.Equal(1, pool.ConnectionCount);
    }

    [Fact]
    public async Task OnGoAway_IdleConnection_ClosesAtOnce()
    {
        var pool = CreatePool();
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var client = Assert.Single(_protocol.Created);
        client.CompleteOldest();

        client.ReceiveGoAway();

        Assert.Equal(ConnectionState.Closed, client.Connection.State);
        Assert.Equal(0, pool.ConnectionCount);
        Assert.Equal(0, pool.Host.Stats.ActiveConnections);
    }

    [Fact]
    public async Task NewStreamAsync_MaxRequestsPerConnectionReached_RetiresConnection()
    {
        _protocol.MaxConcurrentStreams = 100;
        var pool = CreatePool(new ClusterConfig { Name = "c", MaxRequestPerConn = 2 });
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        var third = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        var clients = _protocol.Created.ToArray();
        Assert.Equal(2, clients.Length);
        Assert.Same(clients[1], Owner(third));
        Assert.False(third.ReusedConnection);
        clients[0].CompleteOldest();
        Assert.Equal(ConnectionState.Active, clients[0].Connection.State);
        clients[0].CompleteOldest();
        Assert.Equal(ConnectionState.Closed, clients[0].Connection.State);
        Assert.Equal(1, pool.ConnectionCount);
    }

    [Fact]
    public async Task OnConnectionClosed_ClosedByUpstream_RemovedAtOnceAndStreamsReset()
    {
        var pool = CreatePool();
        var result = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.Single(_factory.Connections).CloseFromRemote();

        Assert.Equal(StreamResetReason.ConnectionTermination, ((FakeMultiplexStream)result.Sender!).ResetReason);
        Assert.Equal(0, pool.ConnectionCount);
        Assert.Equal(0, pool.IdleCount);
        Assert.Equal(0, pool.Host.Stats.ActiveConnections);
        var next = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        Assert.True(next.Success);
        Assert.False(next.ReusedConnection);
        Assert.Equal(2, _factory.ConnectCount);
    }

    [Fact]
    public async Task OnConnectionClosed_WaitersAtMaxConnections_ConnectsForThem()
    {
        var pool = CreatePool(Limits(maxConnections: 1, maxPending: 0));
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
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
    public async Task Drain_IdleAndBusyConnections_IdleClosedNowBusyAfterLastStream()
    {
        var pool = CreatePool();
        for (var i = 0; i < 4; i++)
        {
            await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        }

        var clients = _protocol.Created.ToArray();
        clients[0].CompleteOldest();
        clients[0].CompleteOldest();

        pool.Drain();

        Assert.True(pool.IsDraining);
        Assert.Equal(ConnectionState.Closed, clients[0].Connection.State);
        Assert.Equal(ConnectionState.Active, clients[1].Connection.State);
        Assert.Equal(PoolFailureReason.ConnectionFailure, (await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None)).Failure);
        clients[1].CompleteOldest();
        Assert.Equal(ConnectionState.Active, clients[1].Connection.State);
        clients[1].CompleteOldest();
        Assert.Equal(ConnectionState.Closed, clients[1].Connection.State);
        Assert.Equal(0, pool.ConnectionCount);
        Assert.Equal(2, _factory.ConnectCount);
    }

    [Fact]
    public async Task Drain_RequestsWaiting_FailThem()
    {
        var pool = CreatePool(Limits(maxConnections: 1, maxPending: 0));
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var waiting = pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        pool.Drain();

        Assert.Equal(PoolFailureReason.ConnectionFailure, (await waiting).Failure);
        Assert.Equal(0, _time.ActiveTimers);
    }

    [Fact]
    public async Task Drain_ConnectUnderWay_ConnectionClosedWhenUp()
    {
        _factory.HoldConnects();
        var pool = CreatePool();
        var waiting = pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        pool.Drain();
        Assert.Equal(PoolFailureReason.ConnectionFailure, (await waiting).Failure);
        _factory.ReleaseConnects();

        await WaitUntilAsync(() => _factory.Connections.Count == 1 && _factory.Connections.Single().State == ConnectionState.Closed);
        Assert.Equal(0, pool.ConnectionCount);
        Assert.Equal(0, pool.Host.Stats.ActiveConnections);
    }

    [Fact]
    public async Task OnStreamEnded_RetireAfterUsePool_ClosesConnectionWhenIdle()
    {
        var pool = CreatePool(retireAfterUse: true);
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var client = Assert.Single(_protocol.Created);

        client.CompleteOldest();
        Assert.Equal(ConnectionState.Active, client.Connection.State);
        client.CompleteOldest();

        Assert.Equal(ConnectionState.Closed, client.Connection.State);
    }

    [Fact]
    public async Task UpdateHost_NewLimits_AppliedToLaterStreams()
    {
        var pool = CreatePool(Limits(maxConnections: 1, maxPending: 0));
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        pool.UpdateHost(TestClusters.Host(Limits(maxConnections: 2, maxPending: 0)));
        var third = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.True(third.Success);
        Assert.Equal(2, pool.ConnectionCount);
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
    public async Task NewStreamAsync_ConcurrentRequests_NeverOverStreamLimitOrConnectionLimit()
    {
        // The fake throws when a stream exceeds its limit; completions and resets race with new requests.
        _protocol.MaxConcurrentStreams = 1;
        var pool = CreatePool(Limits(maxConnections: 2, maxPending: 0));
        var failures = 0;

        var workers = Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                var result = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
                if (!result.Success)
                {
                    Interlocked.Increment(ref failures);
                    continue;
                }

                var stream = (FakeMultiplexStream)result.Sender!;
                if ((i + w) % 3 == 0)
                {
                    stream.ResetStream(StreamResetReason.LocalReset);
                }
                else
                {
                    stream.Owner.CompleteStream(stream);
                }
            }
        })));
        // A bound so a lost waiter fails the test instead of hanging it; not a timing assertion.
        await workers.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, failures);
        Assert.InRange(_factory.ConnectCount, 1, 2);
        Assert.Equal(pool.ConnectionCount, pool.IdleCount);
        Assert.Equal(0, pool.PendingCount);
    }

    private static FakeMultiplexClientStreamConnection Owner(PoolStreamResult result) => ((FakeMultiplexStream)result.Sender!).Owner;

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
    public async Task SetMinConnections_Two_OpensIdleConnectionsOneAtATime()
    {
        var pool = CreatePool(new ClusterConfig { Name = "c", IdleTimeout = TimeSpan.FromSeconds(42) });

        pool.SetMinConnections(2);

        Assert.Equal(2, _factory.ConnectCount);
        Assert.Equal((2, 2, 2L), (pool.ConnectionCount, pool.IdleCount, pool.Preconnects));
        Assert.All(_factory.Connections, c => Assert.Equal(TimeSpan.Zero, c.IdleTimeout));
        var result = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        Assert.True(result.Success);
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
        Assert.Equal((1, 2L), (pool.ConnectionCount, pool.Preconnects));
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
        Assert.Equal(1, pool.ConnectionCount);
    }

    [Fact]
    public void SetMinConnections_ConnectRefused_RetriesWithGrowingDelay()
    {
        var pool = CreatePool();
        _factory.Failure = ConnectionEvent.ConnectFailed;

        pool.SetMinConnections(1);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _factory.ConnectCount);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _factory.ConnectCount);
        _factory.Failure = null;
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(3, _factory.ConnectCount);
        Assert.Equal(1, pool.ConnectionCount);
        Assert.Equal(2, pool.Host.Stats.ConnectFailures);
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

    private MultiplexConnectionPool CreatePool(ClusterConfig? config = null, bool retireAfterUse = false) =>
        new(TestClusters.Host(config), _protocol, _factory, _time, TestLogging.Factory.CreateLogger("pool"), retireAfterUse);

    private static ClusterConfig Limits(int maxConnections, int maxPending) => new()
    {
        Name = "c",
        CircuitBreakers = new CircuitBreakersConfig { MaxConnections = maxConnections, MaxPendingRequests = maxPending },
    };
}
