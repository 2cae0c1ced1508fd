using Mosn.Abstractions.Upstream;
using Mosn.Upstream.LoadBalancing;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.LoadBalancing;

/// <summary>Helpers of the distribution tests: counting picks and comparing shares with the weights.</summary>
internal static class Picks
{
    /// <summary>A well-spread, reproducible hash key for request <paramref name="i"/>.</summary>
    public static ulong Key(int i) => HashKeys.OfString($"request-{i}");

    /// <summary>Picks per host address over <paramref name="count"/> requests with the given contexts.</summary>
    public static Dictionary<string, int> Count(ILoadBalancer balancer, IEnumerable<IHost> hosts, int count, Func<int, ILoadBalancerContext?>? context = null)
    {
        var counts = hosts.ToDictionary(h => h.Address, _ => 0);
        for (var i = 0; i < count; i++)
        {
            counts[balancer.ChooseHost(context?.Invoke(i))!.Address]++;
        }

        return counts;
    }

    /// <summary>The host each of <paramref name="keys"/> hashes to.</summary>
    public static string[] Placement(ILoadBalancer balancer, int keys) =>
        [.. Enumerable.Range(0, keys).Select(i => balancer.ChooseHost(new RequestContext(Key(i)))!.Address)];

    /// <summary>
    /// Asserts that every host's share of the picks is its weight's share of the total weight within
    /// <paramref name="relativeTolerance"/> (0.1: ±10 % of the expected share).
    /// </summary>
    public static void AssertSharesFollowWeights(Dictionary<string, int> counts, IReadOnlyList<IHost> hosts, double relativeTolerance)
    {
        var total = counts.Values.Sum();
        var weights = hosts.Sum(h => (double)h.Weight);
        foreach (var host in hosts)
        {
            var expected = host.Weight / weights;
            var actual = counts[host.Address] / (double)total;
            Assert.True(Math.Abs(actual - expected) <= relativeTolerance * expected,
                $"{host.Address} (weight {host.Weight}): share {actual:P2}, expected {expected:P2} ± {relativeTolerance:P0}");
        }
    }

    /// <summary>Ten hosts with weights 1 to 5 (twice each).</summary>
    public static FakeHost[] WeightedHosts(int count = 10) =>
        [.. Enumerable.Range(0, count).Select(i => new FakeHost($"10.0.0.{i + 1}:80", 1 + (i % 5)))];

    /// <summary>Hosts of weight 1.</summary>
    public static FakeHost[] Hosts(int count) => [.. Enumerable.Range(0, count).Select(i => new FakeHost($"10.0.{i / 250}.{(i % 250) + 1}:80"))];

    /// <summary>The whole candidate sequence.</summary>
    public static List<IHost> All(HostCandidates candidates)
    {
        var list = new List<IHost>();
        foreach (var host in candidates)
        {
            list.Add(host);
        }

        return list;
    }

    /// <summary>Bytes allocated on this thread by <paramref name="picks"/> calls of <paramref name="pick"/> (after a warm-up).</summary>
    public static long AllocatedBy(Action pick, int picks = 1000)
    {
        for (var i = 0; i < 100; i++)
        {
            pick();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < picks; i++)
        {
            pick();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
