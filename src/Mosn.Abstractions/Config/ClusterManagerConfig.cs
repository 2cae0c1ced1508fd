using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary><c>cluster_manager</c>.</summary>
public sealed record ClusterManagerConfig
{
    /// <summary>Clusters (<c>clusters</c>).</summary>
    public IReadOnlyList<ClusterConfig> Clusters { get; init; } = [];
}
