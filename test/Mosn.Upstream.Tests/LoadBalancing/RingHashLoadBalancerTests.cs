using Mosn.Upstream.LoadBalancing;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.LoadBalancing;

public sealed class RingHashLoadBalancerTests
{
    private const int Keys = 50_000;

    [Fact]
    public void Candidates_WeightedHosts_SharesFollowWeightsWithinFifteenPercent()
    {
        // Weights 1..5 over 10 hosts: 1600 points, ~53 per unit of weight. A host's arc length varies with its points'
        // positions (about ±14 % relative at one sigma for the lightest host), which is the ring's known imprecision;
        // the placement is deterministic, so this bound is checked once and for all.
        var hosts = Picks.WeightedHosts();
        var balancer = new RingHashLoadBalancer(hosts);

        var counts = Picks.Count(balancer, hosts, Keys, i => new RequestContext(Picks.Key(i)));

        Picks.AssertSharesFollowWeights(counts, hosts, 0.15);
    }

    [Fact]
    public void Build_FewHosts_RingHasAtLeastTheMinimumSize()
    {
        Assert.InRange(new RingHashLoadBalancer(Picks.Hosts(2)).RingSize, RingHashLoadBalancer.MinRingSize, RingHashLoadBalancer.MinRingSize + 2);
        Assert.Equal(160 * 100, new RingHashLoadBalancer(Picks.Hosts(100)).RingSize);
    }

    [Fact]
    public void Candidates_OneHostAdded_MovesAboutOneInNPlusOneKeysAllToTheNewHost()
    {
        var hosts = Picks.Hosts(10);
        var before = Picks.Placement(new RingHashLoadBalancer(hosts), 20_000);
        var added = new FakeHost("10.9.9.9:80");
        var after = Picks.Placement(new RingHashLoadBalancer([.. hosts, added]), 20_000);

        var moved = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();

        Assert.InRange(moved.Count / (double)before.Length, 0.5 / 11, 1.5 / 11);
        Assert.All(moved, i => Assert.Equal(added.Address, after[i])); // a ring moves keys only onto the new host's arcs
    }

    [Fact]
    public void Candidates_OneHostRemoved_MovesOnlyThatHostsKeys()
    {
        var hosts = Picks.Hosts(10);
        var before = Picks.Placement(new RingHashLoadBalancer(hosts), 20_000);
        var removed = hosts[7];
        var after = Picks.Placement(new RingHashLoadBalancer([.. hosts.Where(h => h != removed)]), 20_000);

        var moved = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();

        Assert.InRange(moved.Count / (double)before.Length, 0.5 / 10, 1.5 / 10);
        Assert.All(moved, i => Assert.Equal(removed.Address, before[i]));
    }

    [Fact]
    public void Candidates_NoHashKey_SpreadsOverEveryHost()
    {
        var hosts = Picks.Hosts(4);
        var balancer = new RingHashLoadBalancer(hosts, new Random(9));

        var counts = Picks.Count(balancer, hosts, 4000);

        Assert.All(counts.Values, c => Assert.InRange(c, 700, 1300));
    }

    [Fact]
    public void Candidates_Sequence_DistinctAndSkipsUnhealthy()
    {
        var hosts = Picks.Hosts(6);
        var balancer = new RingHashLoadBalancer(hosts);
        hosts[4].IsHealthy = false;

        var sequence = Picks.All(balancer.Candidates(new RequestContext(Picks.Key(11))));

        Assert.Equal(5, sequence.Count);
        Assert.Equal(sequence.Count, sequence.Distinct().Count());
        Assert.DoesNotContain(hosts[4], sequence);
    }

    [Fact]
    public void Candidates_KeyAboveEveryPoint_WrapsToTheFirstPoint()
    {
        var hosts = Picks.Hosts(3);
        var balancer = new RingHashLoadBalancer(hosts);

        Assert.Same(balancer.ChooseHost(new RequestContext(0)), balancer.ChooseHost(new RequestContext(ulong.MaxValue)));
    }

    [Fact]
    public void Candidates_ManyPicks_DoNotAllocate()
    {
        var balancer = new RingHashLoadBalancer(Picks.Hosts(1000));
        var context = new RequestContext(Picks.Key(1));

        Assert.Equal(0, Picks.AllocatedBy(() => balancer.ChooseHost(context)));
    }
}
