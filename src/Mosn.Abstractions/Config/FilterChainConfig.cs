using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>A network filter chain.</summary>
public sealed record FilterChainConfig
{
    /// <summary>Filter chain match (not used: MOSN uses one chain) (<c>match</c>).</summary>
    public string? Match { get; init; }

    /// <summary>The filters in order (<c>filters</c>).</summary>
    public IReadOnlyList<FilterConfig> Filters { get; init; } = [];

    /// <summary>TLS settings (not supported yet; a config enabling TLS is rejected) (<c>tls_context</c>).</summary>
    public JsonElement? TlsContext { get; init; }
}
