using System.Net;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Upstream;
using Mosn.Testing;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.LoadBalancing;

public sealed class OriginalDstLoadBalancerTests : IAsyncDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly ClusterManager _manager;

    public OriginalDstLoadBalancerTests()
    {
        var balancers = BuiltInLoadBalancers.Create().ToDictionary(f => f.Name);
        _manager = new ClusterManager(new FakeProtocolRegistry(new FakeProtocol("Http1")), new FakeConnectionFactory(), balancers, TestLogging.Factory, _time);
    }

    public ValueTask DisposeAsync() => _manager.DisposeAsync();

    private ILoadBalancer Balancer(OriginalDstLbConfig? config = null)
    {
        _manager.AddOrUpdateCluster(new ClusterConfig
        {
            Name = "odst",
            Type = "ORIGINAL_DST",
            LbType = LoadBalancerTypes.OriginalDst,
            OriginalDstLb = config ?? new OriginalDstLbConfig(),
        });
        return _manager.GetClusterSnapshot("odst")!.LoadBalancer;
    }

    private static OriginalDstLbConfig UseHeader(string name = "host", bool replaceLocal = false) =>
        new() { UseHeader = true, HeaderName = name, ReplaceLocal = replaceLocal };

    [Theory]
    [InlineData("10.0.0.7", "10.0.0.7:80")]
    [InlineData("10.0.0.7:8080", "10.0.0.7:8080")]
    [InlineData("[2001:db8::7]:8443", "[2001:db8::7]:8443")]
    [InlineData("[2001:db8::7]", "[2001:db8::7]:80")]
    public void ChooseHost_HeaderValue_HostIsThatAddress(string header, string expected)
    {
        var balancer = Balancer(UseHeader("x-dst"));

        var host = balancer.ChooseHost(new DownstreamContext(null, ("x-dst", header)));

        Assert.NotNull(host);
        Assert.Equal(IPEndPoint.Parse(expected), host.EndPoint);
        Assert.Equal(expected, host.Address);
        Assert.Equal("odst", host.Cluster.Name);
        Assert.True(host.IsHealthy);
    }

    [Fact]
    public void ChooseHost_HostHeader_ReadFromAuthority()
    {
        var balancer = Balancer(UseHeader());

        var host = balancer.ChooseHost(new DownstreamContext(null, (":authority", "10.1.1.1:81")));

        Assert.Equal(IPEndPoint.Parse("10.1.1.1:81"), host?.EndPoint);
    }

    [Fact]
    public void ChooseHost_ReplaceLocal_ConnectsToLoopbackOnSamePort()
    {
        var balancer = Balancer(UseHeader(replaceLocal: true));

        var host = balancer.ChooseHost(new DownstreamContext(null, ("host", "10.1.1.1:8081")));

        Assert.Equal(IPEndPoint.Parse("127.0.0.1:8081"), host?.EndPoint);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("example.com:8080")]
    [InlineData("10.0.0.1:notaport")]
    [InlineData("garbage")]
    public void ChooseHost_HeaderNotAnIpLiteral_NoHostEvenWithOriginalDestination(string header)
    {
        var balancer = Balancer(UseHeader());

        var candidates = balancer.Candidates(new DownstreamContext(IPEndPoint.Parse("10.0.0.9:80"), ("host", header)));

        Assert.False(candidates.MoveNext());
        Assert.Equal(0, balancer.HostCount);
    }

    [Fact]
    public void ChooseHost_HeaderAbsent_FallsBackToOriginalDestination()
    {
        var balancer = Balancer(UseHeader("x-dst"));

        var host = balancer.ChooseHost(new DownstreamContext(IPEndPoint.Parse("10.0.0.9:9090"), ("host", "10.0.0.1:1")));

        Assert.Equal(IPEndPoint.Parse("10.0.0.9:9090"), host?.EndPoint);
    }

    [Fact]
    public void ChooseHost_ConnectionOriginalDestination_HostIsThatAddress()
    {
        var balancer = Balancer();

        // Without use_header a header is not looked at.
        var host = balancer.ChooseHost(new DownstreamContext(IPEndPoint.Parse("[::ffff:10.0.0.9]:9090"), ("host", "10.0.0.1:1")));

        Assert.Equal(IPEndPoint.Parse("10.0.0.9:9090"), host?.EndPoint);
    }

    [Fact]
    public void ChooseHost_NoDestination_NoHost()
    {
        var balancer = Balancer();

        Assert.Null(balancer.ChooseHost(new DownstreamContext()));
        Assert.Null(balancer.ChooseHost(null));
        Assert.False(balancer.Candidates(new RequestContext()).MoveNext());
    }

    [Fact]
    public void ChooseHost_SameAddress_SameHostObject()
    {
        var balancer = Balancer(UseHeader());

        var first = balancer.ChooseHost(new DownstreamContext(null, ("host", "10.0.0.1:80")));
        var second = balancer.ChooseHost(new DownstreamContext(null, ("host", "10.0.0.1")));
        var other = balancer.ChooseHost(new DownstreamContext(null, ("host", "10.0.0.2:80")));

        Assert.Same(first, second);
        Assert.NotSame(first, other);
        Assert.Equal(2, balancer.HostCount);
    }

    [Fact]
    public void Candidates_OneCandidate_RetryGoesToSameAddress()
    {
        var balancer = Balancer(UseHeader());

        var candidates = balancer.Candidates(new DownstreamContext(null, ("host", "10.0.0.1:80")));

        Assert.True(candidates.MoveNext());
        Assert.Equal("10.0.0.1:80", candidates.Current.Address);
        Assert.False(candidates.MoveNext());
    }

    [Fact]
    public void Candidates_KnownConnectionDestination_NoAllocationPerRequest()
    {
        _manager.IsListenerAddress = _ => false;
        var balancer = Balancer();
        var context = new DownstreamContext(IPEndPoint.Parse("10.0.0.1:80"));
        balancer.ChooseHost(context);

        Assert.Equal(0, Picks.AllocatedBy(() =>
        {
            var candidates = balancer.Candidates(context);
            candidates.MoveNext();
        }, 200));
    }

    [Fact]
    public void ChooseHost_DestinationIsOwnListener_NoHost()
    {
        var own = IPEndPoint.Parse("127.0.0.1:15001");
        _manager.IsListenerAddress = address => address.Equals(own);
        var balancer = Balancer(UseHeader());

        Assert.Null(balancer.ChooseHost(new DownstreamContext(null, ("host", "127.0.0.1:15001"))));
        Assert.NotNull(balancer.ChooseHost(new DownstreamContext(null, ("host", "127.0.0.1:15002"))));
    }

    [Fact]
    public void ChooseHost_ReplaceLocalOntoOwnListener_NoHost()
    {
        var own = IPEndPoint.Parse("127.0.0.1:15001");
        _manager.IsListenerAddress = address => address.Equals(own);
        var balancer = Balancer(new OriginalDstLbConfig { ReplaceLocal = true });

        Assert.Null(balancer.ChooseHost(new DownstreamContext(IPEndPoint.Parse("10.0.0.5:15001"))));
    }
}
