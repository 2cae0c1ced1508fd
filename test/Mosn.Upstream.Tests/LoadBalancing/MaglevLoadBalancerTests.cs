using Mosn.Abstractions.Upstream;
using Mosn.Upstream.LoadBalancing;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.LoadBalancing;

public sealed class MaglevLoadBalancerTests
{
    private const int Keys = 50_000;

    [Fact]
    public void Candidates_WeightedHosts_SharesFollowWeightsWithinFivePercent()
    {
        // Weights 1..5 over 10 hosts; 50,000 distinct keys. The table splits its 65537 slots by weight almost exactly,
        // so the only spread is the keys' sampling noise (±2.5 % relative for the lightest host at one sigma).
        var hosts = Picks.WeightedHosts();
        var balancer = new MaglevLoadBalancer(hosts);

        var counts = Picks.Count(balancer, hosts, Keys, i => new RequestContext(Picks.Key(i)));

        Picks.AssertSharesFollowWeights(counts, hosts, 0.10);
    }

    [Fact]
    public void Build_DefaultTable_IsThePrime65537()
    {
        Assert.Equal(65537, new MaglevLoadBalancer(Picks.Hosts(3)).TableSize);
    }

    [Fact]
    public void Candidates_SameKey_SameHostInEveryBalancerBuiltFromTheSameHosts()
    {
        var hosts = Picks.Hosts(10);
        var first = Picks.Placement(new MaglevLoadBalancer(hosts), 2000);
        var second = Picks.Placement(new MaglevLoadBalancer([.. hosts.Select(h => new FakeHost(h.Address))]), 2000);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Candidates_OneHostAdded_MovesAboutOneInNPlusOneKeysAllToTheNewHost()
    {
        var hosts = Picks.Hosts(10);
        var before = Picks.Placement(new MaglevLoadBalancer(hosts), 20_000);
        var added = new FakeHost("10.9.9.9:80");
        var after = Picks.Placement(new MaglevLoadBalancer([.. hosts, added]), 20_000);

        var moved = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        var fraction = moved.Count / (double)before.Length;

        // Ideal: 1/11 ≈ 9.1 %. Bounds [0.5/N, 1.5/N] with N = 11.
        Assert.InRange(fraction, 0.5 / 11, 1.5 / 11);
        // Maglev's small disruption: nearly all moved keys go to the new host.
        Assert.True(moved.Count(i => after[i] == added.Address) >= 0.9 * moved.Count);
    }

    [Fact]
    public void Candidates_OneHostRemoved_MovesAboutOneInNKeys()
    {
        var hosts = Picks.Hosts(10);
        var before = Picks.Placement(new MaglevLoadBalancer(hosts), 20_000);
        var removed = hosts[4];
        var after = Picks.Placement(new MaglevLoadBalancer([.. hosts.Where(h => h != removed)]), 20_000);

        var moved = Enumerable.Range(0, before.Length).Count(i => before[i] != after[i]);

        // Ideal: the removed host's 1/10. Bounds [0.5/N, 1.5/N] with N = 10.
        Assert.InRange(moved / (double)before.Length, 0.5 / 10, 1.5 / 10);
        // Every key of the removed host moved; keys of other hosts mostly stayed.
        Assert.DoesNotContain(removed.Address, after);
    }

    [Fact]
    public void Candidates_HostTurnsUnhealthy_ItsKeysGoToTheNextHostOthersStay()
    {
        var hosts = Picks.Hosts(5);
        var balancer = new MaglevLoadBalancer(hosts);
        var before = Picks.Placement(balancer, 2000);

        hosts[2].IsHealthy = false;
        var after = Picks.Placement(balancer, 2000);

        for (var i = 0; i < before.Length; i++)
        {
            if (before[i] == hosts[2].Address)
            {
                Assert.Equal(hosts[3].Address, after[i]); // the next host in list order
            }
            else
            {
                Assert.Equal(before[i], after[i]);
            }
        }
    }

    [Fact]
    public void Candidates_NoHashKey_SpreadsOverEveryHost()
    {
        var hosts = Picks.Hosts(4);
        var balancer = new MaglevLoadBalancer(hosts, 0, new Random(5));

        var counts = Picks.Count(balancer, hosts, 4000);

        Assert.All(counts.Values, c => Assert.InRange(c, 800, 1200));
    }

    [Fact]
    public void Candidates_Sequence_DistinctAndCoversEveryHealthyHost()
    {
        var hosts = Picks.Hosts(6);
        hosts[1].IsHealthy = false;
        var balancer = new MaglevLoadBalancer(hosts);

        var sequence = Picks.All(balancer.Candidates(new RequestContext(Picks.Key(3))));

        Assert.Equal(5, sequence.Count);
        Assert.Equal(sequence.Count, sequence.Distinct().Count());
        Assert.DoesNotContain(hosts[1], sequence);
        Assert.Same(balancer.ChooseHost(new RequestContext(Picks.Key(3))), sequence[0]);
    }

    [Fact]
    public void Candidates_ManyPicks_DoNotAllocate()
    {
        var balancer = new MaglevLoadBalancer(Picks.Hosts(1000));
        var context = new RequestContext(Picks.Key(1));

        Assert.Equal(0, Picks.AllocatedBy(() => balancer.ChooseHost(context)));
    }
}
