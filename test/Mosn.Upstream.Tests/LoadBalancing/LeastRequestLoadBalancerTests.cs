using Mosn.Abstractions.Config;
using Mosn.Upstream.Clusters;
using Mosn.Upstream.LoadBalancing;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.LoadBalancing;

public sealed class LeastRequestLoadBalancerTests
{
    private const int Picks = 10_000;

    private static Dictionary<string, int> Count(LeastRequestLoadBalancer balancer, FakeHost[] hosts)
    {
        var counts = hosts.ToDictionary(h => h.Address, _ => 0);
        for (var i = 0; i < Picks; i++)
        {
            counts[balancer.ChooseHost(null)!.Address]++;
        }

        return counts;
    }

    private static void MakeBusy(FakeHost host, int activeRequests)
    {
        for (var i = 0; i < activeRequests; i++)
        {
            host.Stats.OnRequestStart();
        }
    }

    [Fact]
    public void ChooseHost_EqualWeightsOneHostBusy_BusyHostNeverWinsAPair()
    {
        // With two distinct candidates per pick, the busy host loses every pair it is in; the idle two share evenly.
        var hosts = new[] { new FakeHost("a"), new FakeHost("b"), new FakeHost("busy") };
        MakeBusy(hosts[2], 5);
        var counts = Count(new LeastRequestLoadBalancer(hosts, new Random(1)), hosts);

        Assert.Equal(0, counts["busy"]);
        Assert.InRange(counts["a"] / (double)Picks, 0.47, 0.53);
        Assert.InRange(counts["b"] / (double)Picks, 0.47, 0.53);
    }

    [Fact]
    public void ChooseHost_EqualWeightsAllIdle_RoughlyUniform()
    {
        var hosts = new[] { new FakeHost("a"), new FakeHost("b"), new FakeHost("c"), new FakeHost("d") };
        var counts = Count(new LeastRequestLoadBalancer(hosts, new Random(2)), hosts);

        foreach (var host in hosts)
        {
            Assert.InRange(counts[host.Address] / (double)Picks, 0.23, 0.27);
        }
    }

    [Fact]
    public void ChooseHost_WeightedIdleHosts_SharesFollowWeights()
    {
        // Weights 1:3:6 and no load → 10% / 30% / 60% (smooth weighted round robin is exact up to rounding).
        var hosts = new[] { new FakeHost("a", 1), new FakeHost("b", 3), new FakeHost("c", 6) };
        var counts = Count(new LeastRequestLoadBalancer(hosts, new Random(3)), hosts);

        Assert.InRange(counts["a"] / (double)Picks, 0.09, 0.11);
        Assert.InRange(counts["b"] / (double)Picks, 0.29, 0.31);
        Assert.InRange(counts["c"] / (double)Picks, 0.59, 0.61);
    }

    [Fact]
    public void ChooseHost_WeightedHostUnderLoad_ShareShrinksWithActiveRequests()
    {
        // Weights 1:3, the heavy host has 5 active requests → effective weights 1 : 3/6 = 2:1 → 67% / 33%.
        var hosts = new[] { new FakeHost("light", 1), new FakeHost("heavy", 3) };
        MakeBusy(hosts[1], 5);
        var counts = Count(new LeastRequestLoadBalancer(hosts, new Random(4)), hosts);

        Assert.InRange(counts["light"] / (double)Picks, 0.64, 0.70);
        Assert.InRange(counts["heavy"] / (double)Picks, 0.30, 0.36);
    }

    [Fact]
    public void ChooseHost_UnhealthyOrAvoidedHost_Skipped()
    {
        var hosts = new[] { new FakeHost("a"), new FakeHost("b", healthy: false) };
        var balancer = new LeastRequestLoadBalancer(hosts, new Random(5));
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal("a", balancer.ChooseHost(null)!.Address);
        }

        Assert.Null(new LeastRequestLoadBalancer([], new Random(6)).ChooseHost(null));
    }

    [Fact]
    public void ChooseHost_LeastConnectionOneHostWithManyConnections_IdleHostsTakeTheRequests()
    {
        var hosts = new[] { new FakeHost("a"), new FakeHost("b"), new FakeHost("busy") };
        for (var i = 0; i < 10; i++)
        {
            hosts[2].Stats.OnConnectionOpen();
        }

        var counts = Count(new LeastRequestLoadBalancer(hosts, new Random(8), byConnections: true), hosts);

        Assert.Equal(0, counts["busy"]);
        Assert.InRange(counts["a"] / (double)Picks, 0.47, 0.53);
    }

    [Fact]
    public void ChooseHost_LeastConnectionWeightedIdleHosts_SharesFollowWeightsWithinTwoPercent()
    {
        var hosts = LoadBalancing.Picks.WeightedHosts();
        var factory = new LeastConnectionLoadBalancerFactory();
        var balancer = factory.Create(new FakeHostSet(hosts), null!);

        LoadBalancing.Picks.AssertSharesFollowWeights(LoadBalancing.Picks.Count(balancer, hosts, 30_000), hosts, 0.02);
    }

    [Fact]
    public void Candidates_AfterThePick_TheOtherHostsInListOrder()
    {
        var hosts = new[] { new FakeHost("a"), new FakeHost("b"), new FakeHost("c") };
        MakeBusy(hosts[0], 3);
        MakeBusy(hosts[2], 3);
        var balancer = new LeastRequestLoadBalancer(hosts, new Random(2));

        // "b" wins every pair it is in; whenever it is the pick, the sequence goes on with c, then a.
        var sequence = Enumerable.Range(0, 20).Select(_ => LoadBalancing.Picks.All(balancer.Candidates(null))).First(s => s[0] == hosts[1]);

        Assert.Equal([hosts[1], hosts[2], hosts[0]], sequence);
    }

    [Fact]
    public void ChooseHost_ChoiceCountThree_FavoursIdleHostsMoreThanTwo()
    {
        // Ten hosts with 0..9 active requests. The expected load of the pick is the expected minimum of the draws:
        // two distinct hosts: C(10,3)/C(10,2) = 2.67; three independent draws: Σ((10-k)/10)^3 = 2.03 (±0.15 over 10,000 picks).
        var hosts = Enumerable.Range(0, 10).Select(i => new FakeHost($"h{i}")).ToArray();
        for (var i = 0; i < hosts.Length; i++)
        {
            MakeBusy(hosts[i], i);
        }

        var two = MeanLoad(new LeastRequestLoadBalancer(hosts, new Random(11), config: new LbConfig { ChoiceCount = 2 }));
        var three = MeanLoad(new LeastRequestLoadBalancer(hosts, new Random(12), config: new LbConfig { ChoiceCount = 3 }));

        Assert.InRange(two, 2.52, 2.82);
        Assert.InRange(three, 1.88, 2.18);
        Assert.True(three < two - 0.4, $"choice 3 mean load {three:F2} vs choice 2 {two:F2}");

        double MeanLoad(LeastRequestLoadBalancer balancer)
        {
            var total = 0L;
            for (var i = 0; i < Picks; i++)
            {
                total += balancer.ChooseHost(null)!.Stats.ActiveRequests;
            }

            return total / (double)Picks;
        }
    }

    [Fact]
    public void ChooseHost_BiasZero_WeightSharesRegardlessOfActiveRequests()
    {
        // Weights 1:3 and the heavy host has 5 active requests: with bias 0 the load is ignored → 25 % / 75 %.
        var hosts = new[] { new FakeHost("light", 1), new FakeHost("heavy", 3) };
        MakeBusy(hosts[1], 5);
        var counts = Count(new LeastRequestLoadBalancer(hosts, new Random(13), config: new LbConfig { ActiveRequestBias = 0 }), hosts);

        Assert.InRange(counts["light"] / (double)Picks, 0.24, 0.26);
        Assert.InRange(counts["heavy"] / (double)Picks, 0.74, 0.76);
    }

    [Fact]
    public void ChooseHost_BiasTwo_BusyHostLosesMoreWeight()
    {
        // Weights 1:3, the heavy host has 2 active requests: bias 2 → 1 : 3/9 → 75 % / 25 % (bias 1 would be 1:1).
        var hosts = new[] { new FakeHost("light", 1), new FakeHost("heavy", 3) };
        MakeBusy(hosts[1], 2);
        var counts = Count(new LeastRequestLoadBalancer(hosts, new Random(14), config: new LbConfig { ActiveRequestBias = 2 }), hosts);

        Assert.InRange(counts["light"] / (double)Picks, 0.73, 0.77);
    }

    [Fact]
    public void ChooseHost_SlowStartWithEqualWeights_WarmingHostScaledThenPowerOfTwoChoices()
    {
        // Equal weights, "new" warming at the start of a 10 s window: EDF at effective weight 0.1 (ratio 0.1 ± 0.02); after
        // the window the power of two choices on idle hosts again (about even).
        var time = new ManualTimeProvider();
        var hosts = new[] { new FakeHost("old"), new FakeHost("new") };
        var slowStart = new SlowStartWeights([HostHealth.ActiveForever, time.GetTimestamp()], new SlowStartConfig { Duration = TimeSpan.FromSeconds(10) }, time);
        var balancer = new LeastRequestLoadBalancer(hosts, new Random(15), slowStart: slowStart);

        var warming = Count(balancer, hosts);
        Assert.InRange(warming["new"] / (double)warming["old"], 0.08, 0.12);

        time.Advance(TimeSpan.FromSeconds(10));
        var warm = Count(balancer, hosts);
        Assert.InRange(warm["new"] / (double)Picks, 0.47, 0.53);
    }
}
