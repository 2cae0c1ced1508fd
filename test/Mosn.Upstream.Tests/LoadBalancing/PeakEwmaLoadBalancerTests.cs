using System.Diagnostics;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Upstream;
using Mosn.Upstream.Clusters;
using Mosn.Upstream.LoadBalancing;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.LoadBalancing;

public sealed class PeakEwmaLoadBalancerTests
{
    private const int Picks = 10_000;

    private static void Observe(IHost host, double milliseconds, bool failed = false) =>
        HostLatency.For(host.Stats).Record(TimeSpan.FromMilliseconds(milliseconds), failed, Stopwatch.GetTimestamp());

    private static PeakEwmaLoadBalancer Balancer(IHost[] hosts, int seed = 1, HostLatency? cluster = null) =>
        new(hosts, cluster, TimeSpan.FromSeconds(10), new Random(seed));

    [Fact]
    public void Candidates_OneFastHost_WinsEveryPairItIsIn()
    {
        // Power of two choices: the fast host is in 2 of 3 pairs and wins them all: about 2/3 of the picks.
        var hosts = new[] { new FakeHost("fast"), new FakeHost("slow1"), new FakeHost("slow2") };
        Observe(hosts[0], 1);
        Observe(hosts[1], 50);
        Observe(hosts[2], 50);

        var counts = LoadBalancing.Picks.Count(Balancer(hosts), hosts, Picks);

        Assert.InRange(counts["fast"] / (double)Picks, 0.63, 0.70);
        Assert.True(counts["fast"] > counts["slow1"] + counts["slow2"]);
    }

    [Fact]
    public void Candidates_FastHostBusy_IdleSlowerHostWins()
    {
        // cost = latency × (active + 1): 1 ms × 101 > 50 ms × 1.
        var hosts = new[] { new FakeHost("fast"), new FakeHost("slower") };
        Observe(hosts[0], 1);
        Observe(hosts[1], 50);
        for (var i = 0; i < 100; i++)
        {
            hosts[0].Stats.OnRequestStart();
        }

        var counts = LoadBalancing.Picks.Count(Balancer(hosts), hosts, 1000);

        Assert.Equal(1000, counts["slower"]);
    }

    [Fact]
    public void Candidates_FailingHost_CostsMoreThanAHealthyOneOfEqualLatency()
    {
        var hosts = new[] { new FakeHost("failing"), new FakeHost("fine") };
        Observe(hosts[0], 10);
        Observe(hosts[1], 10);
        for (var i = 0; i < 20; i++)
        {
            Observe(hosts[0], 10, failed: true);
            Observe(hosts[1], 10);
        }

        var balancer = Balancer(hosts);
        var now = Stopwatch.GetTimestamp();

        Assert.True(balancer.Cost(0, now) > 5 * balancer.Cost(1, now));
        Assert.Equal(1000, LoadBalancing.Picks.Count(balancer, hosts, 1000)["fine"]);
    }

    [Fact]
    public void Candidates_HostWithoutSamples_CostedAtTheClusterAverage()
    {
        var cluster = new HostLatency();
        cluster.Record(TimeSpan.FromMilliseconds(20), false, Stopwatch.GetTimestamp());
        var hosts = new[] { new FakeHost("new"), new FakeHost("measured") };
        Observe(hosts[1], 40);

        var balancer = Balancer(hosts, cluster: cluster);
        var now = Stopwatch.GetTimestamp();

        // The new host (20 ms, the cluster's) is cheaper than the measured one (40 ms), so it is tried.
        Assert.True(balancer.Cost(0, now) < balancer.Cost(1, now));
        Assert.InRange(balancer.Cost(0, now) / Stopwatch.Frequency, 0.019, 0.021);
    }

    [Fact]
    public void Candidates_NoSamplesAnywhere_EqualCostsSpreadUniformly()
    {
        var hosts = new[] { new FakeHost("a"), new FakeHost("b"), new FakeHost("c"), new FakeHost("d") };

        var counts = LoadBalancing.Picks.Count(Balancer(hosts, 3), hosts, Picks);

        Assert.All(counts.Values, c => Assert.InRange(c / (double)Picks, 0.22, 0.28));
    }

    [Fact]
    public void Candidates_WeightedHostsOfEqualLatency_SharesFollowWeightsWithinFivePercent()
    {
        var hosts = LoadBalancing.Picks.WeightedHosts();
        foreach (var host in hosts)
        {
            Observe(host, 5);
        }

        var counts = LoadBalancing.Picks.Count(Balancer(hosts), hosts, 30_000);

        LoadBalancing.Picks.AssertSharesFollowWeights(counts, hosts, 0.05);
    }

    [Fact]
    public void Candidates_WeightedHostsOneSlow_SlowHostGetsLessThanItsWeight()
    {
        var hosts = new[] { new FakeHost("a", 2), new FakeHost("b", 2), new FakeHost("slow", 4) };
        Observe(hosts[0], 5);
        Observe(hosts[1], 5);
        Observe(hosts[2], 50);

        var counts = LoadBalancing.Picks.Count(Balancer(hosts), hosts, 10_000);

        // Effective weights 2/5 : 2/5 : 4/50: the slow host keeps about 9 % instead of its 50 %.
        Assert.InRange(counts["slow"] / 10_000.0, 0.07, 0.11);
    }

    [Fact]
    public void ReportOutcome_RealHostWithLatency_FeedsTheEstimateTheBalancerReads()
    {
        var config = new ClusterConfig { Name = "c", LbType = LoadBalancerTypes.PeakEwma };
        var info = new ClusterInfo(config, new HostStats());
        IHost fast = new Host("10.0.0.1:80", new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 80), null, 1, new Dictionary<string, string>(), info, new HostStats());
        IHost slow = new Host("10.0.0.2:80", new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 81), null, 1, new Dictionary<string, string>(), info, new HostStats());
        fast.ReportOutcome(HostOutcome.Response(200) with { Latency = TimeSpan.FromMilliseconds(2) });
        slow.ReportOutcome(HostOutcome.Response(200) with { Latency = TimeSpan.FromMilliseconds(80) });

        var balancer = (PeakEwmaLoadBalancer)new PeakEwmaLoadBalancerFactory().Create(new FakeHostSet([fast, slow]), info);
        var now = Stopwatch.GetTimestamp();

        Assert.True(balancer.Cost(0, now) < balancer.Cost(1, now));
        Assert.True(HostLatency.For(info.Stats).HasSamples); // the cluster average too
        Assert.Equal(1000, LoadBalancing.Picks.Count(balancer, [fast, slow], 1000)[fast.Address]);
    }

    [Fact]
    public void ReportOutcome_ClusterNotPeakEwma_KeepsNoLatencyEstimate()
    {
        // Only LB_PEAK_EWMA reads the estimates: other clusters skip the per-request bookkeeping.
        var info = new ClusterInfo(new ClusterConfig { Name = "c", LbType = LoadBalancerTypes.RoundRobin }, new HostStats());
        var hostStats = new HostStats();
        IHost host = new Host("10.0.0.1:80", new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 80), null, 1, new Dictionary<string, string>(), info, hostStats);

        host.ReportOutcome(HostOutcome.Response(200) with { Latency = TimeSpan.FromMilliseconds(2) });

        Assert.False(HostLatency.For(hostStats).HasSamples);
        Assert.False(HostLatency.For(info.Stats).HasSamples);
        Assert.Equal(1, hostStats.ResponseTimeSamples); // the response-time counters still count
    }

    [Fact]
    public void Candidates_Sequence_DistinctAndSkipsUnhealthy()
    {
        var hosts = new[] { new FakeHost("a"), new FakeHost("b"), new FakeHost("c") };
        var balancer = Balancer(hosts);
        hosts[1].IsHealthy = false;

        var sequence = LoadBalancing.Picks.All(balancer.Candidates(null));

        Assert.Equal(2, sequence.Count);
        Assert.DoesNotContain(hosts[1], sequence);
    }

    [Fact]
    public void Candidates_ManyPicks_DoNotAllocate()
    {
        var hosts = LoadBalancing.Picks.WeightedHosts(1000);
        var weighted = Balancer(hosts);
        var unweighted = Balancer(LoadBalancing.Picks.Hosts(1000));

        Assert.Equal(0, LoadBalancing.Picks.AllocatedBy(() => weighted.ChooseHost(null), 100));
        Assert.Equal(0, LoadBalancing.Picks.AllocatedBy(() => unweighted.ChooseHost(null)));
    }
}
