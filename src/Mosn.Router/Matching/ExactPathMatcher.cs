namespace Mosn.Router.Matching;

/// <summary>MOSN's <c>path</c> match: the path equals the configured one (query excluded).</summary>
internal sealed class ExactPathMatcher(string path, bool caseSensitive) : PathMatcher
{
    private readonly StringComparison _comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    /// <summary>The configured path.</summary>
    public string Path { get; } = path;

    /// <inheritdoc/>
    public override bool Matches(ReadOnlySpan<char> path) => path.Equals(Path, _comparison);

    /// <inheritdoc/>
    public override int RewritableLength(ReadOnlySpan<char> path) => Matches(path) ? Path.Length : -1;
}
