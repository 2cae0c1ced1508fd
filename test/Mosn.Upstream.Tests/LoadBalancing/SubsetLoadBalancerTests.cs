using Mosn.Abstractions.Config;
using Mosn.Abstractions.Upstream;
using Mosn.Testing;
using Mosn.Upstream.Clusters;
using Mosn.Upstream.LoadBalancing;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.LoadBalancing;

public sealed class SubsetLoadBalancerTests
{
    // v1: a1 (zone a), b1 (zone b); v2: a2 (zone a), b2 (zone b), b2x (zone b); plain: no metadata.
    private readonly FakeHost[] _hosts =
    [
        Host("a1", "v1", "a"),
        Host("b1", "v1", "b"),
        Host("a2", "v2", "a"),
        Host("b2", "v2", "b"),
        Host("b2x", "v2", "b"),
        new FakeHost("plain"),
    ];

    private static FakeHost Host(string name, string version, string zone) =>
        new(name, metadata: new Dictionary<string, string> { ["version"] = version, ["zone"] = zone });

    private static Dictionary<string, string> Match(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    private SubsetLoadBalancer Balancer(SubsetFallbackPolicy fallback = SubsetFallbackPolicy.NoFallback, Dictionary<string, string>? defaultSubset = null) =>
        new(new FakeHostSet(_hosts), new ClusterInfo(new ClusterConfig { Name = "c" }, new HostStats()), new LbSubsetConfig
        {
            FallbackPolicy = fallback,
            DefaultSubset = defaultSubset ?? [],
            SubsetSelectors = [["version"], ["zone", "version"], ["version"]],
        }, new RoundRobinLoadBalancerFactory());

    private static HashSet<string> Picked(ILoadBalancer balancer, ILoadBalancerContext? context, int picks = 60) =>
        [.. Enumerable.Range(0, picks).Select(_ => balancer.ChooseHost(context)?.Address ?? "none")];

    [Fact]
    public void Build_DuplicateSelectorsAndValueCombinations_OneSubsetEach()
    {
        // [version]: v1, v2; [version, zone]: v1a, v1b, v2a, v2b. The repeated [version] selector adds nothing.
        Assert.Equal(6, Balancer().SubsetCount);
    }

    [Fact]
    public void Candidates_OneKeyCriteria_OnlyThatSubsetsHosts()
    {
        Assert.Equal(["a2", "b2", "b2x"], Picked(Balancer(), new RequestContext(metadataMatch: Match(("version", "v2")))).Order());
    }

    [Fact]
    public void Candidates_TwoKeyCriteria_KeysInAnyOrderSelectTheSubset()
    {
        var context = new RequestContext(metadataMatch: Match(("zone", "b"), ("version", "v2")));

        Assert.Equal(["b2", "b2x"], Picked(Balancer(), context).Order());
    }

    [Fact]
    public void Candidates_SubsetBalancer_UsesTheInnerPolicyInsideTheSubset()
    {
        // Round robin inside {a2, b2, b2x}: three picks visit each once.
        var balancer = Balancer();
        var context = new RequestContext(metadataMatch: Match(("version", "v2")));

        Assert.Equal(3, Enumerable.Range(0, 3).Select(_ => balancer.ChooseHost(context)!.Address).Distinct().Count());
    }

    [Fact]
    public void Candidates_Sequence_StaysInsideTheSubset()
    {
        var sequence = Picks.All(Balancer(SubsetFallbackPolicy.AnyEndpoint).Candidates(new RequestContext(metadataMatch: Match(("version", "v1")))));

        Assert.Equal(["a1", "b1"], sequence.Select(h => h.Address).Order());
    }

    [Theory]
    [InlineData("version", "v3")] // no such value
    [InlineData("zone", "a")] // no selector is exactly [zone]
    public void Candidates_NoMatchingSubsetNoFallback_NoHost(string key, string value)
    {
        var balancer = Balancer();

        Assert.Null(balancer.ChooseHost(new RequestContext(metadataMatch: Match((key, value)))));
        Assert.False(balancer.Candidates(new RequestContext(metadataMatch: Match((key, value)))).MoveNext());
    }

    [Fact]
    public void Candidates_NoMatchingSubsetAnyEndpoint_EveryHost()
    {
        var picked = Picked(Balancer(SubsetFallbackPolicy.AnyEndpoint), new RequestContext(metadataMatch: Match(("version", "v9"))));

        Assert.Equal(_hosts.Select(h => h.Address).Order(), picked.Order());
    }

    [Fact]
    public void Candidates_NoMatchingSubsetDefaultSubset_TheDefaultSubsetsHosts()
    {
        var balancer = Balancer(SubsetFallbackPolicy.DefaultSubset, Match(("version", "v1")));

        Assert.Equal(["a1", "b1"], Picked(balancer, new RequestContext(metadataMatch: Match(("version", "v9")))).Order());
    }

    [Fact]
    public void Candidates_NoCriteria_Fallback()
    {
        Assert.Equal(["a1", "b1"], Picked(Balancer(SubsetFallbackPolicy.DefaultSubset, Match(("version", "v1"))), null).Order());
        Assert.Equal(["none"], Picked(Balancer(), new RequestContext(metadataMatch: new Dictionary<string, string>())));
    }

    [Fact]
    public void Candidates_SubsetWithoutHealthyHost_Fallback()
    {
        var hosts = new[] { Host("x", "v1", "a"), Host("y", "v2", "a") };
        hosts[0].IsHealthy = false;
        var balancer = new SubsetLoadBalancer(new FakeHostSet(hosts), new ClusterInfo(new ClusterConfig { Name = "c" }, new HostStats()),
            new LbSubsetConfig { FallbackPolicy = SubsetFallbackPolicy.AnyEndpoint, SubsetSelectors = [["version"]] }, new RandomLoadBalancerFactory());

        Assert.Equal("y", balancer.ChooseHost(new RequestContext(metadataMatch: Match(("version", "v1"))))!.Address);
    }

    [Fact]
    public void Candidates_ManyPicks_DoNotAllocate()
    {
        var balancer = Balancer(SubsetFallbackPolicy.AnyEndpoint);
        var hit = new RequestContext(metadataMatch: Match(("zone", "a"), ("version", "v1")));
        var miss = new RequestContext(metadataMatch: Match(("version", "v7")));

        Assert.Equal(0, Picks.AllocatedBy(() => balancer.ChooseHost(hit)));
        Assert.Equal(0, Picks.AllocatedBy(() => balancer.ChooseHost(miss)));
    }

    [Fact]
    public async Task ClusterManager_ClusterWithSubsetConfig_BalancerSelectsSubsetsWithItsLbType()
    {
        await using var manager = new ClusterManager(new FakeProtocolRegistry(), new FakeConnectionFactory(),
            new Dictionary<string, ILoadBalancerFactory> { [LoadBalancerTypes.RoundRobin] = new RoundRobinLoadBalancerFactory() },
            TestLogging.Factory, TimeProvider.System);
        manager.AddOrUpdateCluster(new ClusterConfig
        {
            Name = "c",
            LbType = LoadBalancerTypes.RoundRobin,
            LbSubset = new LbSubsetConfig { SubsetSelectors = [["version"]], FallbackPolicy = SubsetFallbackPolicy.NoFallback },
            Hosts =
            [
                new HostConfig { Address = "10.0.0.1:80", Metadata = new Dictionary<string, string> { ["version"] = "v1" } },
                new HostConfig { Address = "10.0.0.2:80", Metadata = new Dictionary<string, string> { ["version"] = "v2" } },
                new HostConfig { Address = "10.0.0.3:80", Metadata = new Dictionary<string, string> { ["version"] = "v2" } },
            ],
        });
        var balancer = manager.GetClusterSnapshot("c")!.LoadBalancer;

        Assert.Equal(["10.0.0.2:80", "10.0.0.3:80"], Picked(balancer, new RequestContext(metadataMatch: Match(("version", "v2")))).Order());
        Assert.Null(balancer.ChooseHost(null));
    }
}
