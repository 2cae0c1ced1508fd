using Mosn.Abstractions.Config;
using Mosn.Abstractions.Upstream;
using Mosn.Upstream.Clusters;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.LoadBalancing;

/// <summary>The <see cref="ILoadBalancer.Candidates"/> contract, checked for every built-in balancer.</summary>
public sealed class CandidatesContractTests
{
    // LB_ORIGINAL_DST balances no host set (its host is each request's destination): see OriginalDstLoadBalancerTests.
    public static TheoryData<string> Names() => [.. BuiltInLoadBalancers.Create().Select(f => f.Name).Where(n => n != LoadBalancerTypes.OriginalDst)];

    private static ILoadBalancer Create(string name, IReadOnlyList<IHost> hosts) =>
        BuiltInLoadBalancers.Create().Single(f => f.Name == name)
            .Create(new FakeHostSet(hosts), new ClusterInfo(new ClusterConfig { Name = "c", LbType = name }, new HostStats()));

    [Fact]
    public void BuiltIn_EveryLbTypeName_RegisteredOnce()
    {
        var names = BuiltInLoadBalancers.Create().Select(f => f.Name).ToList();

        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(
            ["LB_LEAST_CONNECTION", "LB_LEAST_REQUEST", "LB_MAGLEV", "LB_ORIGINAL_DST", "LB_PEAK_EWMA", "LB_RANDOM", "LB_REQUEST_ROUNDROBIN", "LB_RING_HASH", "LB_ROUNDROBIN", "LB_WEIGHTED_ROUNDROBIN"],
            names.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Candidates_AnyRequest_DistinctHostsCoveringEveryHealthyHost(string name)
    {
        var hosts = Picks.WeightedHosts(7);
        hosts[3].IsHealthy = false; // unhealthy when the snapshot is built: not in HealthyHosts
        var balancer = Create(name, hosts);
        hosts[5].IsHealthy = false; // turns unhealthy after: skipped by the sequence itself

        for (var i = 0; i < 50; i++)
        {
            var sequence = Picks.All(balancer.Candidates(new RequestContext(Picks.Key(i))));

            Assert.Equal(sequence.Count, sequence.Distinct().Count());
            Assert.Equal(hosts.Where(h => h.IsHealthy).OrderBy(h => h.Address), sequence.OrderBy(h => h.Address));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ChooseHost_FirstCandidateAvoided_ReturnsTheSecond(string name)
    {
        var hosts = Picks.Hosts(4);
        var balancer = Create(name, hosts);
        var context = new RequestContext(Picks.Key(1));
        var candidates = balancer.Candidates(context);
        Assert.True(candidates.MoveNext());
        var first = candidates.Current;

        var chosen = balancer.ChooseHost(new RequestContext(Picks.Key(1), null, first));

        Assert.NotNull(chosen);
        Assert.NotSame(first, chosen);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Candidates_NoHealthyHost_EmptyAndChooseHostNull(string name)
    {
        var balancer = Create(name, [new FakeHost("a", healthy: false)]);

        Assert.False(balancer.Candidates(null).MoveNext());
        Assert.Null(balancer.ChooseHost(null));
        Assert.Null(Create(name, []).ChooseHost(new RequestContext(7)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Candidates_ThousandHosts_NoAllocationPerRequest(string name)
    {
        var balancer = Create(name, Picks.WeightedHosts(1000));
        var context = new RequestContext(Picks.Key(5));

        Assert.Equal(0, Picks.AllocatedBy(() =>
        {
            var candidates = balancer.Candidates(context);
            candidates.MoveNext();
            candidates.MoveNext();
        }, 200));
    }
}
