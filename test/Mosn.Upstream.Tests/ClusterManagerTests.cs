using System.Net;
using System.Net.Sockets;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Upstream;
using Mosn.Testing;
using Mosn.Upstream.ConnectionPools;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests;

public sealed class ClusterManagerTests : IAsyncDisposable
{
    private readonly FakeConnectionFactory _factory = new();
    private readonly FakeProtocol _http1 = new("Http1");
    private readonly FakeMultiplexProtocol _http2 = new("Http2");
    private readonly ClusterManager _manager;

    public ClusterManagerTests()
    {
        var balancers = new Dictionary<string, ILoadBalancerFactory>
        {
            [LoadBalancerTypes.Random] = new RandomLoadBalancerFactory(),
            [LoadBalancerTypes.RoundRobin] = new RoundRobinLoadBalancerFactory(),
        };
        _manager = new ClusterManager(new FakeProtocolRegistry(_http1, _http2), _factory,
            balancers, TestLogging.Factory, TimeProvider.System);
    }

    public ValueTask DisposeAsync() => _manager.DisposeAsync();

    [Fact]
    public void AddOrUpdateCluster_NewCluster_SnapshotReflectsConfig()
    {
        _manager.AddOrUpdateCluster(new ClusterConfig
        {
            Name = "web",
            LbType = LoadBalancerTypes.RoundRobin,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            IdleTimeout = TimeSpan.FromSeconds(30),
            ConnBufferLimitBytes = 4096,
            MaxRequestPerConn = 10,
            CircuitBreakers = new CircuitBreakersConfig { MaxConnections = 7 },
            Hosts =
            [
                new HostConfig { Address = "10.0.0.1:80", Hostname = "one", Weight = 500 },
                new HostConfig { Address = "[::1]:8080", Weight = 0 },
                new HostConfig { Address = "/run/app.sock", Metadata = new Dictionary<string, string> { ["zone"] = "a" } },
            ],
        });

        var snapshot = _manager.GetClusterSnapshot("web");

        Assert.NotNull(snapshot);
        Assert.Equal("web", snapshot.Info.Name);
        Assert.Equal(LoadBalancerTypes.RoundRobin, snapshot.Info.LbType);
        Assert.Equal(TimeSpan.FromSeconds(2), snapshot.Info.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), snapshot.Info.IdleTimeout);
        Assert.Equal(4096, snapshot.Info.ConnectionBufferLimitBytes);
        Assert.Equal(10, snapshot.Info.MaxRequestsPerConnection);
        Assert.Equal(7, snapshot.Info.MaxConnections);
        var hosts = snapshot.HostSet.Hosts;
        Assert.Equal(3, hosts.Count);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 80), hosts[0].EndPoint);
        Assert.Equal("one", hosts[0].Hostname);
        Assert.Equal(128, hosts[0].Weight);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 8080), hosts[1].EndPoint);
        Assert.Equal(1, hosts[1].Weight);
        Assert.Equal(new UnixDomainSocketEndPoint("/run/app.sock"), hosts[2].EndPoint);
        Assert.Equal("a", hosts[2].Metadata["zone"]);
        Assert.All(hosts, h => Assert.Same(snapshot.Info, h.Cluster));
        Assert.Equal(3, snapshot.HostSet.HealthyHosts.Count);
        Assert.Equal(3, snapshot.LoadBalancer.HostCount);
        Assert.Equal(["web"], _manager.ClusterNames);
    }

    [Fact]
    public void AddOrUpdateCluster_UnknownLbType_ThrowsAndAddsNothing()
    {
        var ex = Assert.Throws<ArgumentException>(() => _manager.AddOrUpdateCluster(
            new ClusterConfig { Name = "x", LbType = "LB_NOPE", JsonPath = "$.cluster_manager.clusters[0]" }));

        Assert.Contains("LB_NOPE", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.cluster_manager.clusters[0].lb_type", ex.Message, StringComparison.Ordinal);
        Assert.Null(_manager.GetClusterSnapshot("x"));
    }

    [Fact]
    public void AddOrUpdateCluster_BadAddress_ThrowsAndKeepsPreviousSnapshot()
    {
        _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.1:80"));
        var before = _manager.GetClusterSnapshot("web");

        var ex = Assert.Throws<ArgumentException>(() => _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.1:80", "backend:80")));

        Assert.Contains("hosts[1].address", ex.Message, StringComparison.Ordinal);
        Assert.Same(before, _manager.GetClusterSnapshot("web"));
    }

    [Fact]
    public void AddOrUpdateCluster_Update_OldSnapshotUnchanged()
    {
        _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.1:80", "10.0.0.2:80"));
        var old = _manager.GetClusterSnapshot("web")!;

        _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.3:80"));
        var current = _manager.GetClusterSnapshot("web")!;

        Assert.NotSame(old, current);
        Assert.Equal(["10.0.0.1:80", "10.0.0.2:80"], old.HostSet.Hosts.Select(h => h.Address));
        Assert.Equal(2, old.LoadBalancer.HostCount);
        Assert.Equal(["10.0.0.3:80"], current.HostSet.Hosts.Select(h => h.Address));
    }

    [Fact]
    public void AddOrUpdateCluster_Update_CountersCarryOverForSameAddress()
    {
        _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.1:80"));
        var old = _manager.GetClusterSnapshot("web")!;
        old.HostSet.Hosts[0].Stats.OnRequestStart();
        old.Info.Stats.OnRequestStart();

        _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.1:80", "10.0.0.2:80"));
        var current = _manager.GetClusterSnapshot("web")!;

        Assert.Same(old.HostSet.Hosts[0].Stats, current.HostSet.Hosts[0].Stats);
        Assert.Same(old.Info.Stats, current.Info.Stats);
        Assert.Equal(0, current.HostSet.Hosts[1].Stats.Requests);
    }

    [Fact]
    public void RemoveCluster_Existing_TrueAndGone()
    {
        _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.1:80"));

        Assert.True(_manager.RemoveCluster("web"));
        Assert.False(_manager.RemoveCluster("web"));
        Assert.Null(_manager.GetClusterSnapshot("web"));
        Assert.Empty(_manager.ClusterNames);
    }

    [Fact]
    public void GetConnectionPool_SameHostAndProtocol_SharedPool()
    {
        _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.1:80", "10.0.0.2:80"));
        var hosts = _manager.GetClusterSnapshot("web")!.HostSet.Hosts;

        var pool = _manager.GetConnectionPool(hosts[0], "Http1");

        Assert.Same(pool, _manager.GetConnectionPool(hosts[0], "Http1"));
        Assert.Same(pool, _manager.GetConnectionPool(hosts[0], "http1"));
        Assert.NotSame(pool, _manager.GetConnectionPool(hosts[1], "Http1"));
        Assert.Same(hosts[0], pool.Host);
        Assert.Equal("Http1", pool.Protocol);
    }

    [Fact]
    public void GetConnectionPool_SameAddressInTwoClusters_SeparatePools()
    {
        _manager.AddOrUpdateCluster(Cluster("a", "10.0.0.1:80"));
        _manager.AddOrUpdateCluster(Cluster("b", "10.0.0.1:80"));

        var poolA = _manager.GetConnectionPool(_manager.GetClusterSnapshot("a")!.HostSet.Hosts[0], "Http1");
        var poolB = _manager.GetConnectionPool(_manager.GetClusterSnapshot("b")!.HostSet.Hosts[0], "Http1");

        Assert.NotSame(poolA, poolB);
    }

    [Fact]
    public async Task GetConnectionPool_ConcurrentFirstUse_OnePool()
    {
        _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.1:80"));
        var host = _manager.GetClusterSnapshot("web")!.HostSet.Hosts[0];
        using var start = new Barrier(4);

        var pools = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            return _manager.GetConnectionPool(host, "Http1");
        })));

        Assert.All(pools, p => Assert.Same(pools[0], p));
    }

    [Fact]
    public void AddOrUpdateCluster_HostKept_PoolKeptAndFollowsNewHost()
    {
        _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.1:80", "10.0.0.2:80"));
        var oldHost = _manager.GetClusterSnapshot("web")!.HostSet.Hosts[0];
        var pool = _manager.GetConnectionPool(oldHost, "Http1");

        _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.1:80") with { ConnectTimeout = TimeSpan.FromSeconds(1) });
        var newHost = _manager.GetClusterSnapshot("web")!.HostSet.Hosts[0];

        Assert.Same(pool, _manager.GetConnectionPool(newHost, "Http1"));
        Assert.Same(pool, _manager.GetConnectionPool(oldHost, "Http1"));
        Assert.Same(newHost, pool.Host);
        Assert.Equal(TimeSpan.FromSeconds(1), pool.Host.Cluster.ConnectTimeout);
        Assert.False(((PingPongConnectionPool)pool).IsDraining);
    }

    [Fact]
    public async Task AddOrUpdateCluster_HostRemoved_PoolDrainedAndIdleConnectionClosed()
    {
        _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.1:80", "10.0.0.2:80"));
        var removed = _manager.GetClusterSnapshot("web")!.HostSet.Hosts[1];
        var pool = (PingPongConnectionPool)_manager.GetConnectionPool(removed, "Http1");
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        Assert.Single(_http1.Created).CompleteStream();
        Assert.Equal(1, pool.IdleCount);

        _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.1:80"));

        Assert.True(pool.IsDraining);
        Assert.Equal(0, pool.ConnectionCount);
        // A request still holding the old snapshot gets a one-off pool, never the drained one, and nothing is cached.
        var late = _manager.GetConnectionPool(removed, "Http1");
        Assert.NotSame(pool, late);
        Assert.NotSame(late, _manager.GetConnectionPool(removed, "Http1"));
        Assert.True((await late.NewStreamAsync(NullReceiver.Instance, CancellationToken.None)).Success);
    }

    [Fact]
    public void RemoveCluster_WithPools_PoolsDrained()
    {
        _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.1:80"));
        var pool = (PingPongConnectionPool)_manager.GetConnectionPool(_manager.GetClusterSnapshot("web")!.HostSet.Hosts[0], "Http1");

        _manager.RemoveCluster("web");

        Assert.True(pool.IsDraining);
    }

    [Fact]
    public async Task GetConnectionPool_MultiplexedProtocol_SharedMultiplexPool()
    {
        _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.1:80"));
        var host = _manager.GetClusterSnapshot("web")!.HostSet.Hosts[0];

        var pool = _manager.GetConnectionPool(host, "Http2");
        var first = await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        var second = await _manager.GetConnectionPool(host, "http2").NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        Assert.IsType<MultiplexConnectionPool>(pool);
        Assert.IsType<PingPongConnectionPool>(_manager.GetConnectionPool(host, "Http1"));
        Assert.Equal("Http2", pool.Protocol);
        Assert.True(first.Success);
        Assert.True(second.ReusedConnection);
        Assert.Equal(1, _factory.ConnectCount);
        Assert.Equal(2, Assert.Single(_http2.Created).ActiveStreamCount);
    }

    [Fact]
    public void GetConnectionPool_UnregisteredProtocol_Throws()
    {
        _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.1:80"));
        var host = _manager.GetClusterSnapshot("web")!.HostSet.Hosts[0];

        Assert.Throws<ArgumentException>(() => _manager.GetConnectionPool(host, "Bolt"));
    }

    [Fact]
    public async Task AddOrUpdateCluster_HostRemoved_MultiplexPoolDrainedAndLateRequestGetsOneOffPool()
    {
        _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.1:80", "10.0.0.2:80"));
        var snapshot = _manager.GetClusterSnapshot("web")!;
        var kept = (MultiplexConnectionPool)_manager.GetConnectionPool(snapshot.HostSet.Hosts[0], "Http2");
        var removed = snapshot.HostSet.Hosts[1];
        var pool = (MultiplexConnectionPool)_manager.GetConnectionPool(removed, "Http2");
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        Assert.Single(_http2.Created).CompleteOldest();
        Assert.Equal(1, pool.IdleCount);

        _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.1:80"));

        Assert.True(pool.IsDraining);
        Assert.False(kept.IsDraining);
        Assert.Same(_manager.GetClusterSnapshot("web")!.HostSet.Hosts[0], kept.Host);
        Assert.Equal(0, pool.ConnectionCount);
        var late = _manager.GetConnectionPool(removed, "Http2");
        Assert.IsType<MultiplexConnectionPool>(late);
        Assert.NotSame(pool, late);
        Assert.True((await late.NewStreamAsync(NullReceiver.Instance, CancellationToken.None)).Success);
        // The one-off pool closes its connection once the stream ends.
        _http2.Created.Last().CompleteOldest();
        Assert.Equal(ConnectionState.Closed, _factory.Connections.Last().State);
    }

    [Fact]
    public async Task DisposeAsync_OpenConnections_ClosedAndLaterPoolsFail()
    {
        _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.1:80"));
        var host = _manager.GetClusterSnapshot("web")!.HostSet.Hosts[0];
        await _manager.GetConnectionPool(host, "Http1").NewStreamAsync(NullReceiver.Instance, CancellationToken.None);

        await _manager.DisposeAsync();

        Assert.All(_factory.Connections, c => Assert.Equal(ConnectionState.Closed, c.State));
        var result = await _manager.GetConnectionPool(host, "Http1").NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        Assert.Equal(PoolFailureReason.ConnectionFailure, result.Failure);
    }

    [Fact]
    public void GetClusterSnapshot_RoundRobinCluster_BalancerPicksConfiguredHosts()
    {
        _manager.AddOrUpdateCluster(Cluster("web", "10.0.0.1:80", "10.0.0.2:80") with { LbType = LoadBalancerTypes.RoundRobin });
        var balancer = _manager.GetClusterSnapshot("web")!.LoadBalancer;

        var picked = Enumerable.Range(0, 4).Select(_ => balancer.ChooseHost(null)!.Address).ToHashSet();

        Assert.Equal(["10.0.0.1:80", "10.0.0.2:80"], picked.Order());
    }

    private static ClusterConfig Cluster(string name, params string[] addresses) => new()
    {
        Name = name,
        Hosts = addresses.Select(a => new HostConfig { Address = a }).ToArray(),
    };
}
