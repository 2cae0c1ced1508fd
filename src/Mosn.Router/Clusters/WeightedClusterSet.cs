using System.Collections.Frozen;
using Mosn.Abstractions.Config;

namespace Mosn.Router.Clusters;

/// <summary>
/// MOSN's <c>weighted_clusters</c>: picks a cluster at random in proportion to its weight. Immutable; thread-safe as
/// long as the random source is (the default, <see cref="Random.Shared"/>, is).
/// </summary>
internal sealed class WeightedClusterSet
{
    private readonly string[] _names;
    private readonly int[] _cumulative;
    private readonly int _total;
    private readonly Func<int, int> _nextInt;
    private readonly FrozenDictionary<string, IReadOnlyDictionary<string, string>> _metadata;

    private WeightedClusterSet(string[] names, int[] cumulative, Func<int, int> nextInt, FrozenDictionary<string, IReadOnlyDictionary<string, string>> metadata)
    {
        _names = names;
        _cumulative = cumulative;
        _total = cumulative[^1];
        _nextInt = nextInt;
        _metadata = metadata;
    }

    /// <summary>
    /// Compiles the split. <paramref name="routeMetadata"/> is the route's <c>metadata_match</c>, which each cluster's own
    /// <c>metadata_match</c> overrides key by key (Envoy's merge). Throws <see cref="ArgumentException"/> for an empty
    /// name, a negative weight, a duplicate cluster, or a total weight of zero or beyond <see cref="int.MaxValue"/>.
    /// </summary>
    public static WeightedClusterSet Create(
        IReadOnlyList<WeightedClusterConfig> clusters,
        IReadOnlyDictionary<string, string>? routeMetadata,
        Func<int, int> nextInt,
        string where)
    {
        var names = new string[clusters.Count];
        var cumulative = new int[clusters.Count];
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        long total = 0;
        for (var i = 0; i < clusters.Count; i++)
        {
            var cluster = clusters[i];
            if (string.IsNullOrEmpty(cluster.Name))
            {
                throw new ArgumentException($"{where}.weighted_clusters[{i}]: the cluster name is empty.");
            }

            if (cluster.Weight < 0)
            {
                throw new ArgumentException($"{where}.weighted_clusters[{i}]: weight {cluster.Weight} of cluster '{cluster.Name}' is negative.");
            }

            if (Array.IndexOf(names, cluster.Name, 0, i) >= 0)
            {
                throw new ArgumentException($"{where}.weighted_clusters[{i}]: cluster '{cluster.Name}' is listed twice.");
            }

            total += cluster.Weight;
            if (total > int.MaxValue)
            {
                throw new ArgumentException($"{where}.weighted_clusters: the total weight exceeds {int.MaxValue}.");
            }

            names[i] = cluster.Name;
            cumulative[i] = (int)total;
            var merged = Merge(routeMetadata, cluster.MetadataMatch);
            if (merged is not null)
            {
                metadata[cluster.Name] = merged;
            }
        }

        if (total == 0)
        {
            throw new ArgumentException($"{where}.weighted_clusters: the total weight is zero.");
        }

        return new WeightedClusterSet(names, cumulative, nextInt, metadata.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Picks a cluster: cluster <c>i</c> with probability <c>weight[i] / total</c>.</summary>
    public string Pick()
    {
        var ticket = _nextInt(_total);
        if ((uint)ticket >= (uint)_total)
        {
            // A misbehaving injected source: clamp rather than fail the request.
            ticket = (int)((uint)ticket % (uint)_total);
        }

        // Cluster i owns the tickets [cumulative[i-1], cumulative[i]); zero-weight clusters own none. Splits are short,
        // so a linear scan beats a binary search and needs no tie handling.
        for (var i = 0; i < _cumulative.Length; i++)
        {
            if (ticket < _cumulative[i])
            {
                return _names[i];
            }
        }

        return _names[^1];
    }

    /// <summary>The subset metadata for <paramref name="clusterName"/> (merged), or null when the cluster has none.</summary>
    public IReadOnlyDictionary<string, string>? MetadataFor(string clusterName) => _metadata.GetValueOrDefault(clusterName);

    /// <summary>True when <paramref name="clusterName"/> is one of the split's clusters.</summary>
    public bool Contains(string clusterName) => Array.IndexOf(_names, clusterName) >= 0;

    private static FrozenDictionary<string, string>? Merge(IReadOnlyDictionary<string, string>? route, IReadOnlyDictionary<string, string>? cluster)
    {
        if ((route is null || route.Count == 0) && (cluster is null || cluster.Count == 0))
        {
            return null;
        }

        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in route ?? FrozenDictionary<string, string>.Empty)
        {
            merged[pair.Key] = pair.Value;
        }

        foreach (var pair in cluster ?? FrozenDictionary<string, string>.Empty)
        {
            merged[pair.Key] = pair.Value;
        }

        return merged.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
