using Mosn.Abstractions.Config;
using Mosn.Abstractions.Upstream;
using Mosn.Testing;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.Clusters;

public sealed class StrictDnsClusterTests : IAsyncDisposable
{
    private readonly FakeHostNameResolver _resolver = new();
    private readonly ManualTimeProvider _time = new();
    private readonly FakeConnectionFactory _factory = new();
    private readonly ClusterManager _manager;

    public StrictDnsClusterTests()
    {
        var balancers = new Dictionary<string, ILoadBalancerFactory> { [LoadBalancerTypes.RoundRobin] = new RoundRobinLoadBalancerFactory() };
        _manager = new ClusterManager(new FakeProtocolRegistry(new FakeProtocol("Http1")), _factory, balancers, TestLogging.Factory, _time, _resolver);
    }

    public ValueTask DisposeAsync() => _manager.DisposeAsync();

    private static ClusterConfig Dns(params HostConfig[] hosts) => new()
    {
        Name = "dns",
        Type = "STRICT_DNS",
        LbType = LoadBalancerTypes.RoundRobin,
        DnsRefreshRate = TimeSpan.FromSeconds(5),
        Hosts = hosts,
    };

    private IReadOnlyList<string> Addresses() => [.. _manager.GetClusterSnapshot("dns")!.HostSet.Hosts.Select(h => h.Address).Order(StringComparer.Ordinal)];

    private async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!condition() && Environment.TickCount64 < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    [Fact]
    public void AddOrUpdateCluster_NameResolvesToTwoAddresses_OneHostEachWithTheNameAndWeight()
    {
        _resolver.Set("backend.test", "10.0.0.2", "10.0.0.1");

        _manager.AddOrUpdateCluster(Dns(new HostConfig { Address = "backend.test:8080", Weight = 3 }, new HostConfig { Address = "10.9.9.9:80" }));

        Assert.Equal(["10.0.0.1:8080", "10.0.0.2:8080", "10.9.9.9:80"], Addresses());
        var hosts = _manager.GetClusterSnapshot("dns")!.HostSet.Hosts;
        Assert.All(hosts.Where(h => h.Address.EndsWith(":8080", StringComparison.Ordinal)), h =>
        {
            Assert.Equal("backend.test", h.Hostname);
            Assert.Equal(3, h.Weight);
        });
    }

    [Fact]
    public async Task Refresh_AnswerChanges_NewSnapshotAndKeptHostKeepsItsPool()
    {
        _resolver.Set("backend.test", "10.0.0.1", "10.0.0.2");
        _manager.AddOrUpdateCluster(Dns(new HostConfig { Address = "backend.test:80" }));
        var kept = _manager.GetClusterSnapshot("dns")!.HostSet.Hosts.Single(h => h.Address == "10.0.0.1:80");
        var pool = _manager.GetConnectionPool(kept, "Http1");

        _resolver.Set("backend.test", "10.0.0.1", "10.0.0.3");
        _time.Advance(TimeSpan.FromSeconds(5));

        await WaitForAsync(() => Addresses().SequenceEqual(["10.0.0.1:80", "10.0.0.3:80"]));
        var again = _manager.GetClusterSnapshot("dns")!.HostSet.Hosts.Single(h => h.Address == "10.0.0.1:80");
        Assert.Same(pool, _manager.GetConnectionPool(again, "Http1"));
    }

    [Fact]
    public async Task Refresh_NameStopsResolving_PreviousAddressesKept()
    {
        _resolver.Set("backend.test", "10.0.0.1");
        _manager.AddOrUpdateCluster(Dns(new HostConfig { Address = "backend.test:80" }));
        _resolver.Remove("backend.test");
        var lookups = _resolver.Lookups;

        _time.Advance(TimeSpan.FromSeconds(5));
        await WaitForAsync(() => _resolver.Lookups > lookups);
        await Task.Delay(50);

        Assert.Equal(["10.0.0.1:80"], Addresses());
    }

    [Fact]
    public async Task AddOrUpdateCluster_NameUnknownAtStart_NoHostsUntilItResolves()
    {
        _manager.AddOrUpdateCluster(Dns(new HostConfig { Address = "later.test:80" }));
        Assert.Empty(Addresses());

        _resolver.Set("later.test", "10.0.0.7");
        _time.Advance(TimeSpan.FromSeconds(5));

        await WaitForAsync(() => Addresses().SequenceEqual(["10.0.0.7:80"]));
    }

    [Fact]
    public async Task RemoveCluster_StopsRefreshing()
    {
        _resolver.Set("backend.test", "10.0.0.1");
        _manager.AddOrUpdateCluster(Dns(new HostConfig { Address = "backend.test:80" }));
        Assert.True(_manager.RemoveCluster("dns"));
        await Task.Delay(50);
        var lookups = _resolver.Lookups;

        _time.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(100);

        Assert.Equal(lookups, _resolver.Lookups);
        Assert.Null(_manager.GetClusterSnapshot("dns"));
    }
}
