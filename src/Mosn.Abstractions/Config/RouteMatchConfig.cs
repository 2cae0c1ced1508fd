using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>Route match criteria. At most one of prefix, path and regex; headers may be combined with any (or stand alone).</summary>
public sealed record RouteMatchConfig
{
    /// <summary>Path prefix (<c>prefix</c>).</summary>
    public string? Prefix { get; init; }

    /// <summary>Exact path (query excluded) (<c>path</c>).</summary>
    public string? Path { get; init; }

    /// <summary>Regular expression over the whole path (query excluded) (<c>regex</c>).</summary>
    public string? Regex { get; init; }

    /// <summary>Whether path matching is case-sensitive (<c>case_sensitive</c>).</summary>
    public bool CaseSensitive { get; init; } = true;

    /// <summary>Header matchers, all of which must match (<c>headers</c>).</summary>
    public IReadOnlyList<HeaderMatcherConfig> Headers { get; init; } = [];
}
