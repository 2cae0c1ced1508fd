using System.Net;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Upstream;

namespace Mosn.Abstractions.Tests.Upstream;

public sealed class HostCandidatesTests
{
    private sealed class TestHost(string address, bool healthy = true) : IHost
    {
        public string Address => address;
        public EndPoint EndPoint { get; } = new IPEndPoint(IPAddress.Loopback, 1);
        public string? Hostname => null;
        public int Weight => 1;
        public IReadOnlyDictionary<string, string> Metadata { get; } = new Dictionary<string, string>();
        public IClusterInfo Cluster => throw new NotSupportedException();
        public bool IsHealthy { get; set; } = healthy;
        public HostStats Stats { get; } = new();
    }

    private sealed class Avoid(params IHost[] hosts) : ILoadBalancerContext
    {
        public IHeaderMap? DownstreamHeaders => null;
        public IConnection? DownstreamConnection => null;
        public IReadOnlyDictionary<string, string>? MetadataMatch => null;
        public bool ShouldSelectAnotherHost(IHost host) => hosts.Contains(host);
    }

    private static readonly TestHost[] Hosts = [new("a"), new("b"), new("c"), new("d")];

    private static List<string> Walk(HostCandidates candidates)
    {
        var list = new List<string>();
        foreach (var host in candidates)
        {
            list.Add(host.Address);
        }

        return list;
    }

    [Fact]
    public void MoveNext_FromTheMiddle_WrapsAroundVisitingEachHostOnce()
    {
        Assert.Equal(["c", "d", "a", "b"], Walk(new HostCandidates(Hosts, 2)));
    }

    [Fact]
    public void MoveNext_UnhealthyHosts_Skipped()
    {
        TestHost[] hosts = [new("a"), new("b", healthy: false), new("c", healthy: false), new("d")];

        Assert.Equal(["d", "a"], Walk(new HostCandidates(hosts, 1)));
    }

    [Fact]
    public void MoveNext_HostTurnsUnhealthyMidWalk_SkippedWhenReached()
    {
        TestHost[] hosts = [new("a"), new("b"), new("c")];
        var candidates = new HostCandidates(hosts, 0);
        Assert.True(candidates.MoveNext());

        hosts[2].IsHealthy = false;

        Assert.True(candidates.MoveNext());
        Assert.Equal("b", candidates.Current.Address);
        Assert.False(candidates.MoveNext());
    }

    [Fact]
    public void None_AndEmptyArray_YieldNothing()
    {
        Assert.Empty(Walk(HostCandidates.None));
        Assert.Empty(Walk(new HostCandidates([], 0)));
        Assert.Equal(0, HostCandidates.None.Count);
    }

    [Fact]
    public void FirstAcceptable_FirstAvoided_ReturnsTheNext()
    {
        Assert.Equal("c", new HostCandidates(Hosts, 1).FirstAcceptable(new Avoid(Hosts[1]))!.Address);
    }

    [Fact]
    public void FirstAcceptable_AllAvoided_ReturnsTheFirstCandidate()
    {
        Assert.Equal("b", new HostCandidates(Hosts, 1).FirstAcceptable(new Avoid(Hosts))!.Address);
    }

    [Fact]
    public void FirstAcceptable_NoHealthyHost_Null()
    {
        Assert.Null(new HostCandidates([new TestHost("a", healthy: false)], 0).FirstAcceptable(null));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void Constructor_FirstOutsideTheArray_Throws(int first)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HostCandidates(Hosts, first));
    }

    [Fact]
    public void GetEnumerator_Copy_AdvancesIndependently()
    {
        var candidates = new HostCandidates(Hosts, 0);
        Assert.True(candidates.MoveNext());

        Assert.Equal(["b", "c", "d"], Walk(candidates));
        Assert.True(candidates.MoveNext());
        Assert.Equal("b", candidates.Current.Address);
    }
}
