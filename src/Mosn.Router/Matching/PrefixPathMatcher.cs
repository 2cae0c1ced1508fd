namespace Mosn.Router.Matching;

/// <summary>MOSN's <c>prefix</c> match: the path starts with the prefix (ordinal, optionally ignoring ASCII case).</summary>
internal sealed class PrefixPathMatcher(string prefix, bool caseSensitive) : PathMatcher
{
    private readonly StringComparison _comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    /// <summary>The configured prefix.</summary>
    public string Prefix { get; } = prefix;

    /// <inheritdoc/>
    public override bool Matches(ReadOnlySpan<char> path) => path.StartsWith(Prefix, _comparison);

    /// <inheritdoc/>
    public override int RewritableLength(ReadOnlySpan<char> path) => Matches(path) ? Prefix.Length : -1;
}
