using Mosn.Abstractions.Config;
using Mosn.Abstractions.Upstream;
using Mosn.Testing;
using Mosn.Upstream.Clusters;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests;

/// <summary>Slow start driven by the cluster manager: hosts that join a running cluster or return to health.</summary>
public sealed class ClusterManagerSlowStartTests : IAsyncDisposable
{
    private const string Cluster = "web";
    private const int PickCount = 11_000;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly ManualTimeProvider _time = new();
    private readonly ClusterManager _manager;

    public ClusterManagerSlowStartTests()
    {
        var balancers = new Dictionary<string, ILoadBalancerFactory>
        {
            [LoadBalancerTypes.WeightedRoundRobin] = new WeightedRoundRobinLoadBalancerFactory(),
            [LoadBalancerTypes.LeastRequest] = new LeastRequestLoadBalancerFactory(),
        };
        _manager = new ClusterManager(new FakeProtocolRegistry(new FakeProtocol("Http1")), new FakeConnectionFactory(), balancers, TestLogging.Factory, _time);
    }

    public ValueTask DisposeAsync() => _manager.DisposeAsync();

    [Theory]
    [InlineData(LoadBalancerTypes.WeightedRoundRobin)]
    [InlineData(LoadBalancerTypes.LeastRequest)]
    public void AddOrUpdateCluster_HostAdded_ItsShareGrowsOverTheWindow(string lbType)
    {
        _manager.AddOrUpdateCluster(Config(lbType, "10.0.0.1:80"));
        _manager.AddOrUpdateCluster(Config(lbType, "10.0.0.1:80", "10.0.0.2:80"));

        // Picks of the new host per pick of the old one: its slow-start factor (min 0.1, 0.5 at the middle, then 1), ±0.02.
        Assert.InRange(Ratio("10.0.0.2:80", "10.0.0.1:80"), 0.08, 0.12);
        _time.Advance(Window / 2);
        Assert.InRange(Ratio("10.0.0.2:80", "10.0.0.1:80"), 0.48, 0.52);
        _time.Advance(Window / 2);
        Assert.InRange(Ratio("10.0.0.2:80", "10.0.0.1:80"), 0.9, 1.1);
    }

    [Fact]
    public void AddOrUpdateCluster_FirstVersion_NoHostWarms()
    {
        _manager.AddOrUpdateCluster(Config(LoadBalancerTypes.WeightedRoundRobin, "10.0.0.1:80", "10.0.0.2:80"));

        Assert.InRange(Ratio("10.0.0.2:80", "10.0.0.1:80"), 0.98, 1.02);
    }

    [Fact]
    public void RebuildForHealth_HostBackToHealth_WarmsFromThatMoment()
    {
        _manager.AddOrUpdateCluster(Config(LoadBalancerTypes.WeightedRoundRobin, "10.0.0.1:80", "10.0.0.2:80"));
        var returning = (Host)_manager.GetClusterSnapshot(Cluster)!.HostSet.Hosts[1];
        returning.Health.Update(HostHealthFlags.FailedActiveCheck, set: true);
        _manager.RebuildForHealth(Cluster);
        _time.Advance(TimeSpan.FromMinutes(1));

        returning.Health.Update(HostHealthFlags.FailedActiveCheck, set: false);
        _manager.RebuildForHealth(Cluster);

        Assert.InRange(Ratio("10.0.0.2:80", "10.0.0.1:80"), 0.08, 0.12);
        _time.Advance(Window);
        Assert.InRange(Ratio("10.0.0.2:80", "10.0.0.1:80"), 0.98, 1.02);
    }

    [Fact]
    public void AddOrUpdateCluster_HostKept_DoesNotWarmAgain()
    {
        _manager.AddOrUpdateCluster(Config(LoadBalancerTypes.WeightedRoundRobin, "10.0.0.1:80"));
        _manager.AddOrUpdateCluster(Config(LoadBalancerTypes.WeightedRoundRobin, "10.0.0.1:80", "10.0.0.2:80"));
        _time.Advance(Window);

        _manager.AddOrUpdateCluster(Config(LoadBalancerTypes.WeightedRoundRobin, "10.0.0.1:80", "10.0.0.2:80") with { ConnectTimeout = TimeSpan.FromSeconds(3) });

        Assert.InRange(Ratio("10.0.0.2:80", "10.0.0.1:80"), 0.98, 1.02);
    }

    private double Ratio(string warming, string established)
    {
        var balancer = _manager.GetClusterSnapshot(Cluster)!.LoadBalancer;
        var counts = new Dictionary<string, int> { [warming] = 0, [established] = 0 };
        for (var i = 0; i < PickCount; i++)
        {
            counts[balancer.ChooseHost(null)!.Address]++;
        }

        return counts[warming] / (double)counts[established];
    }

    private static ClusterConfig Config(string lbType, params string[] addresses) => new()
    {
        Name = Cluster,
        LbType = lbType,
        SlowStart = new SlowStartConfig { Duration = Window },
        Hosts = [.. addresses.Select(a => new HostConfig { Address = a })],
    };
}
