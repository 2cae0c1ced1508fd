using Mosn.Abstractions.Config;
using Mosn.Upstream.Clusters;
using Mosn.Upstream.LoadBalancing;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.LoadBalancing;

public sealed class RoundRobinLoadBalancerTests
{
    [Fact]
    public void ChooseHost_EqualWeights_VisitsHostsInOrder()
    {
        var hosts = new[] { new FakeHost("a"), new FakeHost("b"), new FakeHost("c") };
        var balancer = new RoundRobinLoadBalancer(hosts, start: 0);

        var picks = Enumerable.Range(0, 7).Select(_ => balancer.ChooseHost(null)!.Address);

        Assert.Equal(["a", "b", "c", "a", "b", "c", "a"], picks);
    }

    [Fact]
    public void ChooseHost_StartOffset_BeginsThere()
    {
        var hosts = new[] { new FakeHost("a"), new FakeHost("b"), new FakeHost("c") };
        var balancer = new RoundRobinLoadBalancer(hosts, start: 4);

        Assert.Equal("b", balancer.ChooseHost(null)!.Address);
    }

    [Fact]
    public void ChooseHost_WeightsFiveOneOne_SmoothCycleWithExactShares()
    {
        var hosts = new[] { new FakeHost("a", 5), new FakeHost("b", 1), new FakeHost("c", 1) };
        var balancer = new RoundRobinLoadBalancer(hosts, start: 0);

        var cycle = string.Concat(Enumerable.Range(0, 7).Select(_ => balancer.ChooseHost(null)!.Address));

        // a's turns sit at 1/10, 3/10, 5/10, 7/10, 9/10 of the cycle, b's and c's at 1/2: the light hosts are in the middle.
        Assert.Equal("aaabcaa", cycle);
    }

    [Fact]
    public void ChooseHost_WeightedHosts_SharesExactOverWholeCycles()
    {
        // Weights 2:4:6 reduce to a 1:2:3 cycle of 6; 10,002 picks are 1,667 whole cycles.
        var hosts = new[] { new FakeHost("a", 2), new FakeHost("b", 4), new FakeHost("c", 6) };
        var balancer = new RoundRobinLoadBalancer(hosts, start: 0);
        var counts = hosts.ToDictionary(h => h.Address, _ => 0);

        for (var i = 0; i < 10_002; i++)
        {
            counts[balancer.ChooseHost(null)!.Address]++;
        }

        Assert.Equal(1667, counts["a"]);
        Assert.Equal(3334, counts["b"]);
        Assert.Equal(5001, counts["c"]);
    }

    [Fact]
    public void ChooseHost_HostTurnsUnhealthy_SkippedToNextHealthy()
    {
        var b = new FakeHost("b");
        var hosts = new[] { new FakeHost("a"), b, new FakeHost("c") };
        var balancer = new RoundRobinLoadBalancer(hosts, start: 0);
        b.IsHealthy = false;

        var picks = Enumerable.Range(0, 3).Select(_ => balancer.ChooseHost(null)!.Address);

        Assert.Equal(["a", "c", "c"], picks);
    }

    [Fact]
    public void Factory_Create_UsesOnlyHealthyHosts()
    {
        var hosts = new[] { new FakeHost("a"), new FakeHost("b", healthy: false), new FakeHost("c") };

        var balancer = new RoundRobinLoadBalancerFactory().Create(new FakeHostSet(hosts), null!);

        Assert.Equal(2, balancer.HostCount);
        for (var i = 0; i < 100; i++)
        {
            Assert.NotEqual("b", balancer.ChooseHost(null)!.Address);
        }
    }

    [Fact]
    public void ChooseHost_ShouldSelectAnotherHost_SkipsAvoidedHost()
    {
        var a = new FakeHost("a");
        var b = new FakeHost("b");
        var c = new FakeHost("c");
        var balancer = new RoundRobinLoadBalancer([a, b, c], start: 0);
        var context = new AvoidContext(a, b);

        for (var i = 0; i < 9; i++)
        {
            Assert.Same(c, balancer.ChooseHost(context));
        }
    }

    [Fact]
    public void ChooseHost_NoHealthyHost_ReturnsNull()
    {
        var balancer = new RoundRobinLoadBalancer([new FakeHost("a", healthy: false)], start: 0);

        Assert.Null(balancer.ChooseHost(null));
    }

    [Fact]
    public async Task ChooseHost_ConcurrentPicks_EveryHostGetsItsShare()
    {
        var hosts = new[] { new FakeHost("a"), new FakeHost("b"), new FakeHost("c"), new FakeHost("d") };
        var balancer = new RoundRobinLoadBalancer(hosts, start: 0);
        var counts = new int[4];
        const int PerThread = 25_000;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                var host = balancer.ChooseHost(null)!;
                Interlocked.Increment(ref counts[host.Address[0] - 'a']);
            }
        })));

        // The shared counter hands out each turn exactly once, so 100,000 picks over 4 hosts are exactly 25,000 each.
        Assert.All(counts, c => Assert.Equal(PerThread, c));
    }

    [Fact]
    public void WeightedRoundRobinFactory_WeightedHosts_SharesFollowWeightsExactly()
    {
        // LB_WEIGHTED_ROUNDROBIN is the same smooth cycle: weights 1..5 over 10 hosts make a cycle of 30.
        var hosts = Picks.WeightedHosts();
        var balancer = new WeightedRoundRobinLoadBalancerFactory().Create(new FakeHostSet(hosts), null!);

        var counts = Picks.Count(balancer, hosts, 30 * 1000);

        Picks.AssertSharesFollowWeights(counts, hosts, 0);
    }

    [Fact]
    public void Candidates_TurnsHost_FollowedByTheOthersInListOrder()
    {
        var hosts = new[] { new FakeHost("a"), new FakeHost("b"), new FakeHost("c") };
        var balancer = new RoundRobinLoadBalancer(hosts, start: 1);

        Assert.Equal([hosts[1], hosts[2], hosts[0]], Picks.All(balancer.Candidates(null)));
        Assert.Equal([hosts[2], hosts[0], hosts[1]], Picks.All(balancer.Candidates(null)));
    }

    [Fact]
    public void ChooseHost_SlowStartHostWarming_ShareGrowsOverTheWindow()
    {
        // Equal weights; "new" became active at t=0 with a 10 s window (aggression 1, min 10 %). Its effective weight is
        // 0.1, then 0.5 at the middle, then 1 after the window: the ratio of its picks to the old host's follows (±0.02).
        var time = new ManualTimeProvider();
        var hosts = new[] { new FakeHost("old"), new FakeHost("new") };
        var slowStart = new SlowStartWeights([HostHealth.ActiveForever, time.GetTimestamp()], new SlowStartConfig { Duration = TimeSpan.FromSeconds(10) }, time);
        var balancer = new RoundRobinLoadBalancer(hosts, 0, slowStart);

        Assert.InRange(Ratio(Picks.Count(balancer, hosts, 11_000)), 0.08, 0.12);

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.InRange(Ratio(Picks.Count(balancer, hosts, 15_000)), 0.48, 0.52);

        time.Advance(TimeSpan.FromSeconds(5));
        var counts = Picks.Count(balancer, hosts, 10_000);
        Assert.Equal(5_000, counts["new"]); // back on the plain cycle: exactly even

        static double Ratio(Dictionary<string, int> counts) => counts["new"] / (double)counts["old"];
    }

    [Fact]
    public void ChooseHost_SlowStartWithWeights_ScalesTheWarmingHostsWeight()
    {
        // Weights 1:3, the heavy host warming at the middle of its window → effective 1 : 1.5.
        var time = new ManualTimeProvider();
        var hosts = new[] { new FakeHost("light", 1), new FakeHost("heavy", 3) };
        var slowStart = new SlowStartWeights([HostHealth.ActiveForever, time.GetTimestamp()], new SlowStartConfig { Duration = TimeSpan.FromSeconds(10) }, time);
        time.Advance(TimeSpan.FromSeconds(5));
        var balancer = new RoundRobinLoadBalancer(hosts, 0, slowStart);

        var counts = Picks.Count(balancer, hosts, 10_000);

        Assert.InRange(counts["heavy"] / (double)counts["light"], 1.45, 1.55);
    }
}
