using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>A filter entry: its type name and its type-specific config.</summary>
public sealed record FilterConfig
{
    /// <summary>Registered filter type name (<c>type</c>).</summary>
    public string Type { get; init; } = "";

    /// <summary>Type-specific settings, parsed by the filter factory (<c>config</c>).</summary>
    public JsonElement Config { get; init; } = default;

    /// <summary>Where the entry is in the config file, e.g. <c>servers[0].listeners[1].filter_chains[0].filters[0]</c>.</summary>
    public string JsonPath { get; init; } = "";
}
