using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>The whole MOSN v2 configuration file (top level).</summary>
public sealed record MosnConfig
{
    /// <summary>The servers (MOSN uses one) (<c>servers</c>).</summary>
    public IReadOnlyList<ServerConfig> Servers { get; init; } = [];

    /// <summary>Upstream clusters (<c>cluster_manager</c>).</summary>
    public ClusterManagerConfig ClusterManager { get; init; } = new();

    /// <summary>Admin API address (<c>admin</c>).</summary>
    public AdminConfig? Admin { get; init; }
}
