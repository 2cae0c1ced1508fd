using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>Helpers shared by the balancers: weights, and the candidate sequence every balancer returns.</summary>
internal static class HostSelection
{
    /// <summary>The sequence starting at <paramref name="first"/>; empty when there is no host.</summary>
    public static HostCandidates From(IHost[] hosts, int first) =>
        hosts.Length == 0 ? HostCandidates.None : new HostCandidates(hosts, first);

    /// <summary>The weight used for balancing: the host's weight clamped to at least 1.</summary>
    public static int WeightOf(IHost host) => Math.Max(1, host.Weight);

    /// <summary>True when all hosts have the same balancing weight.</summary>
    public static bool HaveEqualWeights(IHost[] hosts)
    {
        for (var i = 1; i < hosts.Length; i++)
        {
            if (WeightOf(hosts[i]) != WeightOf(hosts[0]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Two distinct random indexes of an array of <paramref name="count"/> (at least 2) elements.</summary>
    public static (int First, int Second) TwoDistinct(Random random, int count)
    {
        var first = random.Next(count);
        var second = random.Next(count - 1);
        if (second >= first)
        {
            second++;
        }

        return (first, second);
    }
}
