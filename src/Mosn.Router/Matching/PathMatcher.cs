namespace Mosn.Router.Matching;

/// <summary>Matches the path of a request (query excluded). Immutable and thread-safe.</summary>
internal abstract class PathMatcher
{
    /// <summary>True when <paramref name="path"/> (the request path without query) is accepted.</summary>
    public abstract bool Matches(ReadOnlySpan<char> path);

    /// <summary>
    /// The length of the part of <paramref name="path"/> that <c>prefix_rewrite</c> replaces, or -1 when the rewrite
    /// does not apply (the path no longer matches, or the matcher has no fixed part).
    /// </summary>
    public abstract int RewritableLength(ReadOnlySpan<char> path);
}
