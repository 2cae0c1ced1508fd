using System.Net;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Upstream;
using Mosn.Testing;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests;

public sealed class ClusterManagerHealthTests : IAsyncDisposable
{
    private const string Cluster = "web";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly IPEndPoint First = new(IPAddress.Parse("10.0.0.1"), 80);
    private static readonly IPEndPoint Second = new(IPAddress.Parse("10.0.0.2"), 80);

    private readonly ManualTimeProvider _time = new();
    private readonly SelectiveConnectionFactory _factory = new();
    private readonly ClusterManager _manager;

    public ClusterManagerHealthTests()
    {
        var balancers = new Dictionary<string, ILoadBalancerFactory>
        {
            [LoadBalancerTypes.RoundRobin] = new RoundRobinLoadBalancerFactory(),
        };
        _manager = new ClusterManager(new FakeProtocolRegistry(new FakeProtocol("Http1")), _factory, balancers, TestLogging.Factory, _time);
    }

    public ValueTask DisposeAsync() => _manager.DisposeAsync();

    [Fact]
    public void HealthCheck_HostStopsAnswering_LeavesBalancerAndComesBack()
    {
        _manager.AddOrUpdateCluster(Config(healthCheck: true));
        _time.Advance(Interval); // first round: both pass

        _factory.SetDown(Second, true);
        _time.Advance(Interval);

        WaitForHealthyCount(1);
        var snapshot = _manager.GetClusterSnapshot(Cluster)!;
        Assert.Equal(1, snapshot.LoadBalancer.HostCount);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("10.0.0.1:80", snapshot.LoadBalancer.ChooseHost(null)!.Address);
        }

        _factory.SetDown(Second, false);
        _time.Advance(Interval);

        WaitForHealthyCount(2);
        Assert.Equal(2, _manager.GetClusterSnapshot(Cluster)!.LoadBalancer.HostCount);
        var second = _manager.GetClusterSnapshot(Cluster)!.HostSet.Hosts[1];
        Assert.Equal(3, second.Stats.HealthChecks);
        Assert.Equal(1, second.Stats.HealthCheckFailures);
    }

    [Fact]
    public void HealthCheck_ClusterUpdated_KeepsHealthAndRestartsChecks()
    {
        _manager.AddOrUpdateCluster(Config(healthCheck: true));
        _factory.SetDown(Second, true);
        _time.Advance(Interval);
        WaitForHealthyCount(1);

        _manager.AddOrUpdateCluster(Config(healthCheck: true));

        Assert.Single(_manager.GetClusterSnapshot(Cluster)!.HostSet.HealthyHosts);
        Assert.Equal(2, _time.ActiveTimers); // the new version's two checkers; the old ones stopped
        _factory.SetDown(Second, false);
        _time.Advance(Interval);
        WaitForHealthyCount(2);
    }

    [Fact]
    public void HealthCheck_UpdatedWithoutHealthCheck_HostHealthyAgain()
    {
        _manager.AddOrUpdateCluster(Config(healthCheck: true));
        _factory.SetDown(Second, true);
        _time.Advance(Interval);
        WaitForHealthyCount(1);

        _manager.AddOrUpdateCluster(Config(healthCheck: false));

        Assert.Equal(2, _manager.GetClusterSnapshot(Cluster)!.HostSet.HealthyHosts.Count);
        Assert.Equal(0, _time.ActiveTimers);
    }

    [Fact]
    public void RemoveCluster_StopsHealthChecks()
    {
        _manager.AddOrUpdateCluster(Config(healthCheck: true, outlier: true));

        _manager.RemoveCluster(Cluster);

        Assert.Equal(0, _time.ActiveTimers);
    }

    [Fact]
    public void OutlierDetection_Host5xx_EjectedFromSnapshotAndReturns()
    {
        _manager.AddOrUpdateCluster(Config(outlier: true));
        var host = _manager.GetClusterSnapshot(Cluster)!.HostSet.Hosts[0];

        for (var i = 0; i < 3; i++)
        {
            host.ReportOutcome(HostOutcome.Response(503));
        }

        WaitForHealthyCount(1);
        Assert.Equal("10.0.0.2:80", _manager.GetClusterSnapshot(Cluster)!.LoadBalancer.ChooseHost(null)!.Address);
        Assert.Equal(1, host.Stats.OutlierEjections);

        _time.Advance(Interval); // base ejection time 5 s: back at the next review

        WaitForHealthyCount(2);
    }

    private void WaitForHealthyCount(int count) =>
        Assert.True(SpinWait.SpinUntil(() => _manager.GetClusterSnapshot(Cluster)!.HostSet.HealthyHosts.Count == count, TimeSpan.FromSeconds(10)),
            $"expected {count} healthy hosts");

    private static ClusterConfig Config(bool healthCheck = false, bool outlier = false) => new()
    {
        Name = Cluster,
        LbType = LoadBalancerTypes.RoundRobin,
        Hosts = [new HostConfig { Address = "10.0.0.1:80" }, new HostConfig { Address = "10.0.0.2:80" }],
        HealthCheck = healthCheck
            ? new HealthCheckConfig { InitialDelay = Interval, Interval = Interval, IntervalJitter = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(1) }
            : null,
        OutlierDetection = outlier
            ? new OutlierDetectionConfig { Consecutive5xx = 3, Interval = Interval, BaseEjectionTime = Interval, MaxEjectionPercent = 50 }
            : null,
    };
}
