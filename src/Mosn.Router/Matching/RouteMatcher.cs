using Mosn.Abstractions.Protocol;

namespace Mosn.Router.Matching;

/// <summary>
/// The <c>match</c> of a route: an optional path matcher and header matchers that must all accept the request.
/// Without a path matcher it is MOSN's "RPC rule" and matches any path. Immutable and thread-safe.
/// </summary>
internal sealed class RouteMatcher(PathMatcher? path, HeaderMatcher[] headers)
{
    /// <summary>The path matcher, or null for a header-only (RPC) rule.</summary>
    public PathMatcher? Path { get; } = path;

    /// <summary>True when the route accepts the request; <paramref name="path"/> is the request path without query.</summary>
    public bool Matches(ReadOnlySpan<char> path, IHeaderMap requestHeaders)
    {
        if (Path is not null && !Path.Matches(path))
        {
            return false;
        }

        foreach (var header in headers)
        {
            if (!header.Matches(requestHeaders))
            {
                return false;
            }
        }

        return true;
    }
}
