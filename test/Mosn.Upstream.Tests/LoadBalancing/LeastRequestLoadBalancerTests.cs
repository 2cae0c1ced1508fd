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
}
