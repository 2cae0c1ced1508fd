using Mosn.Abstractions.Upstream;
using Mosn.Upstream.LoadBalancing;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.LoadBalancing;

public sealed class RandomLoadBalancerTests
{
    private const int Picks = 10_000;

    [Fact]
    public void ChooseHost_WeightedHosts_SharesFollowWeights()
    {
        // Weights 1:3:6 → expected shares 10% / 30% / 60%; tolerance ±2 points over 10,000 seeded picks.
        var hosts = new[] { new FakeHost("a", 1), new FakeHost("b", 3), new FakeHost("c", 6) };
        var balancer = new RandomLoadBalancer(hosts, new Random(42));

        var counts = Count(balancer, hosts);

        Assert.InRange(counts["a"] / (double)Picks, 0.08, 0.12);
        Assert.InRange(counts["b"] / (double)Picks, 0.28, 0.32);
        Assert.InRange(counts["c"] / (double)Picks, 0.58, 0.62);
    }

    [Fact]
    public void ChooseHost_EqualWeights_RoughlyUniform()
    {
        var hosts = new[] { new FakeHost("a"), new FakeHost("b"), new FakeHost("c"), new FakeHost("d") };
        var balancer = new RandomLoadBalancer(hosts, new Random(7));

        var counts = Count(balancer, hosts);

        foreach (var host in hosts)
        {
            Assert.InRange(counts[host.Address] / (double)Picks, 0.23, 0.27);
        }
    }

    [Fact]
    public void ChooseHost_UnhealthyHost_NeverChosen()
    {
        var sick = new FakeHost("b", 5, healthy: false);
        var hosts = new[] { new FakeHost("a"), sick, new FakeHost("c") };
        var balancer = new RandomLoadBalancer(hosts, new Random(1));

        var counts = Count(balancer, hosts);

        Assert.Equal(0, counts["b"]);
        Assert.Equal(Picks, counts["a"] + counts["c"]);
    }

    [Fact]
    public void ChooseHost_ShouldSelectAnotherHost_PicksADifferentHealthyHost()
    {
        var a = new FakeHost("a");
        var b = new FakeHost("b");
        var balancer = new RandomLoadBalancer([a, b], new Random(3));
        var context = new AvoidContext(a);

        for (var i = 0; i < 1000; i++)
        {
            Assert.Same(b, balancer.ChooseHost(context));
        }
    }

    [Fact]
    public void ChooseHost_OnlyAvoidedHostIsHealthy_ReturnsIt()
    {
        var a = new FakeHost("a");
        var balancer = new RandomLoadBalancer([a, new FakeHost("b", healthy: false)], new Random(3));

        Assert.Same(a, balancer.ChooseHost(new AvoidContext(a)));
    }

    [Fact]
    public void ChooseHost_NoHealthyHost_ReturnsNull()
    {
        var balancer = new RandomLoadBalancer([new FakeHost("a", healthy: false), new FakeHost("b", healthy: false)], new Random(3));

        Assert.Null(balancer.ChooseHost(null));
    }

    [Fact]
    public void ChooseHost_NoHosts_ReturnsNull()
    {
        var balancer = new RandomLoadBalancer([]);

        Assert.Null(balancer.ChooseHost(null));
        Assert.Equal(0, balancer.HostCount);
    }

    [Fact]
    public async Task ChooseHost_ConcurrentPicks_AlwaysReturnAHost()
    {
        var hosts = new[] { new FakeHost("a", 2), new FakeHost("b", 1), new FakeHost("c", 7) };
        var balancer = new RandomLoadBalancerFactory().Create(new FakeHostSet(hosts), null!);
        var failures = 0;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                if (balancer.ChooseHost(null) is null)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));

        Assert.Equal(0, failures);
    }

    private static Dictionary<string, int> Count(ILoadBalancer balancer, IEnumerable<IHost> hosts)
    {
        var counts = hosts.ToDictionary(h => h.Address, _ => 0);
        for (var i = 0; i < Picks; i++)
        {
            counts[balancer.ChooseHost(null)!.Address]++;
        }

        return counts;
    }
}
