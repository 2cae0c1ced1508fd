using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>A regular-expression path rewrite.</summary>
public sealed record RegexRewriteConfig
{
    /// <summary>Pattern (<c>pattern.regex</c>).</summary>
    public string Pattern { get; init; } = "";

    /// <summary>Replacement (supports $1 groups) (<c>substitution</c>).</summary>
    public string Substitution { get; init; } = "";
}
