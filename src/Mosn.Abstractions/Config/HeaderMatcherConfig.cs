using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>A header matcher.</summary>
public sealed record HeaderMatcherConfig
{
    /// <summary>Header name (":authority", ":method", ":path" allowed) (<c>name</c>).</summary>
    public string Name { get; init; } = "";

    /// <summary>Exact value, or a regular expression when <see cref="Regex"/> is true (<c>value</c>).</summary>
    public string Value { get; init; } = "";

    /// <summary>Treat <see cref="Value"/> as a regular expression (<c>regex</c>).</summary>
    public bool Regex { get; init; } = false;
}
