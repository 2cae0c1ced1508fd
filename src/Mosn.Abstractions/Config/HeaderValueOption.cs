using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>A header to add.</summary>
public sealed record HeaderValueOption
{
    /// <summary>Header name (<c>header.key</c>).</summary>
    public string Key { get; init; } = "";

    /// <summary>Header value (<c>header.value</c>).</summary>
    public string Value { get; init; } = "";

    /// <summary>Append to existing values (true, the default) or replace them (<c>append</c>).</summary>
    public bool Append { get; init; } = true;
}
