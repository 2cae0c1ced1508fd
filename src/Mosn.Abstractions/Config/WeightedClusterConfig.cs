using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>One cluster of a weighted split (<c>weighted_clusters[].cluster</c>).</summary>
public sealed record WeightedClusterConfig
{
    /// <summary>Cluster name (<c>name</c>).</summary>
    public string Name { get; init; } = "";

    /// <summary>Weight (<c>weight</c>).</summary>
    public int Weight { get; init; } = 0;

    /// <summary>Subset metadata (<c>metadata_match</c>).</summary>
    public IReadOnlyDictionary<string, string>? MetadataMatch { get; init; }
}
