using System.Net;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Upstream;
using Mosn.Testing;
using Mosn.Upstream.ConnectionPools;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.Clusters;

public sealed class OriginalDstHostsTests : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly ManualTimeProvider _time = new();
    private readonly FakeProtocol _http1 = new("Http1");
    private readonly ClusterManager _manager;

    public OriginalDstHostsTests()
    {
        var balancers = BuiltInLoadBalancers.Create().ToDictionary(f => f.Name);
        _manager = new ClusterManager(new FakeProtocolRegistry(_http1), new FakeConnectionFactory(), balancers, TestLogging.Factory, _time);
        _manager.AddOrUpdateCluster(new ClusterConfig
        {
            Name = "odst",
            Type = "ORIGINAL_DST",
            LbType = LoadBalancerTypes.OriginalDst,
            OriginalDstLb = new OriginalDstLbConfig { UseHeader = true, CleanupInterval = Interval },
        });
    }

    public ValueTask DisposeAsync() => _manager.DisposeAsync();

    private IHost Choose(string address) =>
        _manager.GetClusterSnapshot("odst")!.LoadBalancer.ChooseHost(new DownstreamContext(null, ("host", address)))!;

    [Fact]
    public void GetConnectionPool_SameDestination_PoolKeptAndReused()
    {
        var pool = _manager.GetConnectionPool(Choose("10.0.0.1:80"), "Http1");

        Assert.Same(pool, _manager.GetConnectionPool(Choose("10.0.0.1:80"), "Http1"));
        Assert.NotSame(pool, _manager.GetConnectionPool(Choose("10.0.0.2:80"), "Http1"));
    }

    [Fact]
    public async Task Sweep_HostUnusedForAnInterval_RemovedAndPoolDrained()
    {
        var host = Choose("10.0.0.1:80");
        var pool = (PingPongConnectionPool)_manager.GetConnectionPool(host, "Http1");
        await pool.NewStreamAsync(NullReceiver.Instance, CancellationToken.None);
        Assert.Single(_http1.Created).CompleteStream();
        Assert.Equal(1, pool.IdleCount);

        _time.Advance(Interval); // first sweep: the host was used during this interval
        Assert.False(pool.IsDraining);
        Assert.Equal(1, _manager.GetClusterSnapshot("odst")!.LoadBalancer.HostCount);

        _time.Advance(Interval); // second sweep: unused for a whole interval

        Assert.True(pool.IsDraining);
        Assert.Equal(0, pool.ConnectionCount);
        Assert.Equal(0, _manager.GetClusterSnapshot("odst")!.LoadBalancer.HostCount);
        var again = Choose("10.0.0.1:80");
        Assert.NotSame(host, again);
        Assert.NotSame(pool, _manager.GetConnectionPool(again, "Http1"));
    }

    [Fact]
    public void Sweep_HostUsedEveryInterval_Kept()
    {
        var host = Choose("10.0.0.1:80");
        var pool = (PingPongConnectionPool)_manager.GetConnectionPool(host, "Http1");

        for (var i = 0; i < 4; i++)
        {
            Assert.Same(host, Choose("10.0.0.1:80"));
            _time.Advance(Interval);
        }

        Assert.False(pool.IsDraining);
        Assert.Same(host, Choose("10.0.0.1:80"));
        Assert.Same(pool, _manager.GetConnectionPool(host, "Http1"));
    }

    [Fact]
    public void Sweep_OnlyUnusedHostsRemoved()
    {
        var kept = Choose("10.0.0.1:80");
        var dropped = Choose("10.0.0.2:80");
        var keptPool = (PingPongConnectionPool)_manager.GetConnectionPool(kept, "Http1");
        var droppedPool = (PingPongConnectionPool)_manager.GetConnectionPool(dropped, "Http1");
        _time.Advance(Interval);

        Choose("10.0.0.1:80");
        _time.Advance(Interval);

        Assert.False(keptPool.IsDraining);
        Assert.True(droppedPool.IsDraining);
        Assert.Equal(1, _manager.GetClusterSnapshot("odst")!.LoadBalancer.HostCount);
    }

    [Fact]
    public async Task GetConnectionPool_HostSweptWhileInUse_OneOffPoolServesTheRequest()
    {
        var host = Choose("10.0.0.1:80");
        _time.Advance(Interval);
        _time.Advance(Interval); // swept: a request that chose it just before still holds the host

        var late = _manager.GetConnectionPool(host, "Http1");

        Assert.NotSame(late, _manager.GetConnectionPool(host, "Http1")); // not cached
        Assert.True((await late.NewStreamAsync(NullReceiver.Instance, CancellationToken.None)).Success);
    }

    [Fact]
    public void AddOrUpdateCluster_NewVersion_OldHostsPoolsDrainedAndSweepStopped()
    {
        var pool = (PingPongConnectionPool)_manager.GetConnectionPool(Choose("10.0.0.1:80"), "Http1");
        var timers = _time.ActiveTimers;

        _manager.AddOrUpdateCluster(new ClusterConfig { Name = "odst", Type = "ORIGINAL_DST", LbType = LoadBalancerTypes.OriginalDst });

        Assert.True(pool.IsDraining);
        Assert.Equal(timers, _time.ActiveTimers); // the old version's sweep stopped, the new one's started
        Assert.Equal(0, _manager.GetClusterSnapshot("odst")!.LoadBalancer.HostCount);
    }

    [Fact]
    public void RemoveCluster_StopsSweep()
    {
        var timers = _time.ActiveTimers;

        _manager.RemoveCluster("odst");

        Assert.Equal(timers - 1, _time.ActiveTimers);
    }

    [Theory]
    [InlineData("ORIGINAL_DST", LoadBalancerTypes.Random)]
    [InlineData("SIMPLE", LoadBalancerTypes.OriginalDst)]
    public void AddOrUpdateCluster_TypeAndBalancerMismatch_Throws(string type, string lbType)
    {
        var ex = Assert.Throws<ArgumentException>(() => _manager.AddOrUpdateCluster(new ClusterConfig
        {
            Name = "bad",
            Type = type,
            LbType = lbType,
            Hosts = [new HostConfig { Address = "10.0.0.1:80" }],
        }));

        Assert.Contains("LB_ORIGINAL_DST", ex.Message, StringComparison.Ordinal);
        Assert.Null(_manager.GetClusterSnapshot("bad"));
    }

    [Fact]
    public void Create_NotAnOriginalDstCluster_Throws()
    {
        var factory = new OriginalDstLoadBalancerFactory();

        Assert.Throws<ArgumentException>(() => factory.Create(new FakeHostSet([]), TestClusters.Host().Cluster));
    }
}
