using Mosn.Abstractions.Config;
using Mosn.Abstractions.Upstream;
using Mosn.Testing;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests;

/// <summary><see cref="ClusterManager.WarmUp"/>: pools created before any request so that <c>min_connections</c> preconnect starts.</summary>
public sealed class ClusterManagerWarmUpTests : IAsyncDisposable
{
    private const string Cluster = "web";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FakeConnectionFactory _factory = new();
    private readonly ClusterManager _manager;

    public ClusterManagerWarmUpTests()
    {
        var balancers = new Dictionary<string, ILoadBalancerFactory> { [LoadBalancerTypes.RoundRobin] = new RoundRobinLoadBalancerFactory() };
        _manager = new ClusterManager(new FakeProtocolRegistry(new FakeProtocol("Http1"), new FakeMultiplexProtocol("Http2")), _factory,
            balancers, TestLogging.Factory, TimeProvider.System);
    }

    public ValueTask DisposeAsync() => _manager.DisposeAsync();

    [Fact]
    public void WarmUp_MinConnections_EveryHostPreconnectsBeforeAnyRequest()
    {
        _manager.AddOrUpdateCluster(Config(minConnections: 2, "10.0.0.1:80", "10.0.0.2:80"));

        Assert.Equal(2, _manager.WarmUp(Cluster, "http1"));

        WaitForConnects(4);
        Assert.True(SpinWait.SpinUntil(() => _manager.PoolTotals(Cluster).Idle == 4, Patience), "expected 4 idle preconnected connections");
    }

    [Fact]
    public void WarmUp_CalledTwice_Idempotent()
    {
        _manager.AddOrUpdateCluster(Config(minConnections: 1, "10.0.0.1:80"));
        Assert.Equal(1, _manager.WarmUp(Cluster, "Http1"));

        Assert.Equal(0, _manager.WarmUp(Cluster, "Http1"));

        WaitForConnects(1);
        Assert.Equal(1, _factory.ConnectCount);
    }

    [Fact]
    public void WarmUp_PoolAlreadyUsed_Kept()
    {
        _manager.AddOrUpdateCluster(Config(minConnections: 1, "10.0.0.1:80"));
        var host = _manager.GetClusterSnapshot(Cluster)!.HostSet.Hosts[0];
        var pool = _manager.GetConnectionPool(host, "Http1");

        Assert.Equal(0, _manager.WarmUp(Cluster, "Http1"));
        Assert.Same(pool, _manager.GetConnectionPool(host, "Http1"));
    }

    [Fact]
    public void WarmUp_NoMinConnections_CreatesNothing()
    {
        _manager.AddOrUpdateCluster(Config(minConnections: 0, "10.0.0.1:80"));

        Assert.Equal(0, _manager.WarmUp(Cluster, "Http1"));
        Assert.Equal(0, _factory.ConnectCount);
    }

    [Fact]
    public void WarmUp_UnknownCluster_Zero()
    {
        Assert.Equal(0, _manager.WarmUp("nope", "Http1"));
    }

    [Fact]
    public void WarmUp_UnregisteredProtocol_Throws()
    {
        _manager.AddOrUpdateCluster(Config(minConnections: 1, "10.0.0.1:80"));

        Assert.Throws<ArgumentException>(() => _manager.WarmUp(Cluster, "Bolt"));
    }

    [Fact]
    public void AddOrUpdateCluster_HostAddedAfterWarmUp_ItsPoolWarmedToo()
    {
        _manager.AddOrUpdateCluster(Config(minConnections: 1, "10.0.0.1:80"));
        _manager.WarmUp(Cluster, "Http2");
        WaitForConnects(1);

        _manager.AddOrUpdateCluster(Config(minConnections: 1, "10.0.0.1:80", "10.0.0.2:80"));

        WaitForConnects(2);
        Assert.Contains(_factory.Calls, c => c.EndPoint.ToString() == "10.0.0.2:80");
    }

    [Fact]
    public void RemoveCluster_ThenAddedAgain_NotWarmedWithoutAnotherWarmUp()
    {
        _manager.AddOrUpdateCluster(Config(minConnections: 1, "10.0.0.1:80"));
        _manager.WarmUp(Cluster, "Http1");
        WaitForConnects(1);
        _manager.RemoveCluster(Cluster);

        _manager.AddOrUpdateCluster(Config(minConnections: 1, "10.0.0.1:80"));

        Assert.Equal((0, 0), _manager.PoolTotals(Cluster));
        Assert.Equal(1, _manager.WarmUp(Cluster, "Http1"));
    }

    private void WaitForConnects(int count) =>
        Assert.True(SpinWait.SpinUntil(() => _factory.ConnectCount >= count, Patience), $"expected {count} connects, saw {_factory.ConnectCount}");

    private static ClusterConfig Config(int minConnections, params string[] addresses) => new()
    {
        Name = Cluster,
        LbType = LoadBalancerTypes.RoundRobin,
        MinConnections = minConnections,
        Hosts = [.. addresses.Select(a => new HostConfig { Address = a })],
    };
}
