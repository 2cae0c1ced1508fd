using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>Direct response of a route.</summary>
public sealed record DirectResponseConfig
{
    /// <summary>Status code (<c>status</c>).</summary>
    public int Status { get; init; } = 200;

    /// <summary>Body (<c>body</c>).</summary>
    public string? Body { get; init; }
}
