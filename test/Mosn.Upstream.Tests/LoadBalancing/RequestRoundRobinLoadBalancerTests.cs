using Mosn.Upstream.LoadBalancing;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.LoadBalancing;

public sealed class RequestRoundRobinLoadBalancerTests
{
    [Fact]
    public void Candidates_EveryRequest_StartsAtTheFirstHostThenWalksTheList()
    {
        var hosts = Picks.Hosts(3);
        var balancer = new RequestRoundRobinLoadBalancer(hosts);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(hosts, Picks.All(balancer.Candidates(null)));
        }
    }

    [Fact]
    public void Candidates_FirstHostUnhealthy_SecondTakesEveryRequest()
    {
        var hosts = Picks.Hosts(3);
        var balancer = new RequestRoundRobinLoadBalancer(hosts);
        hosts[0].IsHealthy = false;

        var counts = Picks.Count(balancer, hosts, 100);

        Assert.Equal(100, counts[hosts[1].Address]);
    }

    [Fact]
    public void ChooseHost_RetryAvoidingTheFirst_MovesToTheNext()
    {
        var hosts = Picks.Hosts(3);

        Assert.Same(hosts[1], new RequestRoundRobinLoadBalancer(hosts).ChooseHost(new AvoidContext(hosts[0])));
    }

    [Fact]
    public void Candidates_NoHosts_Empty()
    {
        Assert.False(new RequestRoundRobinLoadBalancer([]).Candidates(null).MoveNext());
    }
}
