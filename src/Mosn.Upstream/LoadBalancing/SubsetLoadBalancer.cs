using Mosn.Abstractions.Config;
using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>
/// MOSN's subset load balancer (<c>lb_subset_config</c>). For every selector (a set of metadata keys), the hosts that
/// have all of its keys are grouped by their values, and each group gets its own balancer of the cluster's
/// <c>lb_type</c>. A request's <see cref="ILoadBalancerContext.MetadataMatch"/> (the route's <c>metadata_match</c>)
/// selects the group whose selector has exactly the request's keys and whose values equal the request's values. When no
/// group matches, the request has no criteria, or the group has no healthy host, the fallback policy applies: no host
/// (<see cref="SubsetFallbackPolicy.NoFallback"/>), any host (<see cref="SubsetFallbackPolicy.AnyEndpoint"/>), or the
/// hosts matching <c>default_subset</c> (<see cref="SubsetFallbackPolicy.DefaultSubset"/>).
/// </summary>
/// <remarks>
/// Everything is built once per host-set snapshot. A lookup walks one small tree per selector with
/// <see cref="IReadOnlyDictionary{TKey, TValue}.TryGetValue"/> (no enumeration of the request's criteria), so choosing
/// a subset does not allocate; the subset's own balancer then picks as it always does. Thread-safe. MOSN's special keys
/// (<c>MOSN-Subset-All</c>, <c>MOSN-Subset-Fallback</c>) are not implemented.
/// </remarks>
internal sealed class SubsetLoadBalancer : ILoadBalancer
{
    private readonly SubsetSelector[] _selectors;
    private readonly ILoadBalancer? _fallback;

    /// <summary>Builds the subsets of <paramref name="hostSet"/> with balancers from <paramref name="inner"/>.</summary>
    public SubsetLoadBalancer(IHostSet hostSet, IClusterInfo cluster, LbSubsetConfig config, ILoadBalancerFactory inner)
    {
        ArgumentNullException.ThrowIfNull(hostSet);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(inner);
        HostCount = hostSet.Hosts.Count;
        _selectors = BuildSelectors(hostSet, cluster, config, inner);
        _fallback = config.FallbackPolicy switch
        {
            SubsetFallbackPolicy.AnyEndpoint => inner.Create(hostSet, cluster),
            SubsetFallbackPolicy.DefaultSubset => inner.Create(SubsetHostSet.Filter(hostSet, h => Matches(h, config.DefaultSubset)), cluster),
            _ => null,
        };
    }

    /// <inheritdoc />
    public int HostCount { get; }

    /// <summary>The number of subsets built (MOSN's <c>lb_subsets_created</c>).</summary>
    internal int SubsetCount => _selectors.Sum(s => s.Root.CountBalancers());

    /// <inheritdoc />
    public HostCandidates Candidates(ILoadBalancerContext? context)
    {
        if (context?.MetadataMatch is { Count: > 0 } criteria)
        {
            foreach (var selector in _selectors)
            {
                if (selector.Find(criteria) is { HostCount: > 0 } subset)
                {
                    return subset.Candidates(context);
                }
            }
        }

        return _fallback?.Candidates(context) ?? HostCandidates.None;
    }

    /// <inheritdoc />
    public IHost? ChooseHost(ILoadBalancerContext? context) => Candidates(context).FirstAcceptable(context);

    private static bool Matches(IHost host, IReadOnlyDictionary<string, string> criteria)
    {
        foreach (var (key, value) in criteria)
        {
            if (!host.Metadata.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return true;
    }

    private static SubsetSelector[] BuildSelectors(IHostSet hostSet, IClusterInfo cluster, LbSubsetConfig config, ILoadBalancerFactory inner)
    {
        var selectors = new List<SubsetSelector>();
        foreach (var keys in config.SubsetSelectors)
        {
            var sorted = keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            if (sorted.Length == 0 || selectors.Exists(s => s.Keys.AsSpan().SequenceEqual(sorted)))
            {
                continue; // MOSN drops duplicate selectors
            }

            var selector = new SubsetSelector(sorted);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var host in hostSet.Hosts)
            {
                var values = new string[sorted.Length];
                var hasAll = true;
                for (var k = 0; k < sorted.Length && hasAll; k++)
                {
                    hasAll = host.Metadata.TryGetValue(sorted[k], out values[k]!);
                }

                if (!hasAll || !seen.Add(string.Join('\0', values)))
                {
                    continue;
                }

                var criteria = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var k = 0; k < sorted.Length; k++)
                {
                    criteria[sorted[k]] = values[k];
                }

                selector.Add(values, inner.Create(SubsetHostSet.Filter(hostSet, h => Matches(h, criteria)), cluster));
            }

            selectors.Add(selector);
        }

        return [.. selectors];
    }
}
