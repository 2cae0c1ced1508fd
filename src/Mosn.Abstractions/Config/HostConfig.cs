using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>A static upstream host.</summary>
public sealed record HostConfig
{
    /// <summary>"ip:port" (or a Unix socket path) (<c>address</c>).</summary>
    public string Address { get; init; } = "";

    /// <summary>Host name (<c>hostname</c>).</summary>
    public string? Hostname { get; init; }

    /// <summary>Weight 1..128 (<c>weight</c>).</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Metadata (filter_metadata / mosn.lb flattened) (<c>metadata</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
