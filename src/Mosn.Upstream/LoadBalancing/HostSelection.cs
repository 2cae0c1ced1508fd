using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>The check every balancer applies to its candidate: healthy now, and not a host the request wants to avoid.</summary>
internal static class HostSelection
{
    /// <summary>
    /// Returns <c>hosts[index]</c> if it is healthy and not to be avoided; otherwise the next host after it (wrapping)
    /// that is; otherwise the first healthy host seen, avoided or not (a retry to the same host beats no host); null
    /// when none is healthy. Allocation-free.
    /// </summary>
    public static IHost? Accept(IHost[] hosts, int index, ILoadBalancerContext? context)
    {
        var host = hosts[index];
        if (host.IsHealthy && (context is null || !context.ShouldSelectAnotherHost(host)))
        {
            return host;
        }

        IHost? fallback = host.IsHealthy ? host : null;
        for (var i = 1; i < hosts.Length; i++)
        {
            var next = index + i;
            var candidate = hosts[next >= hosts.Length ? next - hosts.Length : next];
            if (!candidate.IsHealthy)
            {
                continue;
            }

            if (context is null || !context.ShouldSelectAnotherHost(candidate))
            {
                return candidate;
            }

            fallback ??= candidate;
        }

        return fallback;
    }

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
}
