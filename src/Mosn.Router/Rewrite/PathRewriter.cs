using System.Text.RegularExpressions;
using Mosn.Abstractions.Protocol;
using Mosn.Router.Matching;

namespace Mosn.Router.Rewrite;

/// <summary>
/// Rewrites the path part of <c>:path</c>, keeping the query: <c>prefix_rewrite</c> replaces what the route's
/// <c>prefix</c> (or exact <c>path</c>) matched; otherwise <c>regex_rewrite</c> replaces every match of its pattern in
/// the path. As in MOSN, <c>prefix_rewrite</c> wins when both are configured. Immutable and thread-safe.
/// </summary>
internal sealed class PathRewriter
{
    private readonly PathMatcher? _matcher;
    private readonly string? _prefixRewrite;
    private readonly Regex? _regex;
    private readonly string _substitution;

    private PathRewriter(PathMatcher? matcher, string? prefixRewrite, Regex? regex, string substitution)
    {
        _matcher = matcher;
        _prefixRewrite = prefixRewrite;
        _regex = regex;
        _substitution = substitution;
    }

    /// <summary>
    /// The rewriter for a route, or null when it rewrites nothing. <c>prefix_rewrite</c> needs a prefix or path match
    /// (with a regex or header-only match nothing is "the matched prefix"): otherwise
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public static PathRewriter? Create(PathMatcher? matcher, string? prefixRewrite, string? regexPattern, string? substitution, string where)
    {
        if (!string.IsNullOrEmpty(prefixRewrite))
        {
            if (matcher is not (PrefixPathMatcher or ExactPathMatcher))
            {
                throw new ArgumentException($"{where}: prefix_rewrite needs a 'prefix' or 'path' match.");
            }

            return new PathRewriter(matcher, prefixRewrite, null, "");
        }

        if (!string.IsNullOrEmpty(regexPattern))
        {
            var regex = RegexFactory.Create(regexPattern, fullMatch: false, ignoreCase: false, where + ".regex_rewrite");
            return new PathRewriter(null, null, regex, substitution ?? "");
        }

        return null;
    }

    /// <summary>Rewrites <c>:path</c> in <paramref name="requestHeaders"/>; leaves it untouched when the rule does not apply.</summary>
    public void Apply(IHeaderMap requestHeaders)
    {
        if (!requestHeaders.TryGet(PseudoHeaders.Path, out var target))
        {
            return;
        }

        var pathLength = RequestPath.PathOf(target).Length;
        var path = target.AsSpan(0, pathLength);
        var rest = target.AsSpan(pathLength);
        string rewritten;
        if (_prefixRewrite is not null)
        {
            var replaced = _matcher!.RewritableLength(path);
            if (replaced < 0)
            {
                return;
            }

            rewritten = string.Concat(_prefixRewrite.AsSpan(), path[replaced..], rest);
        }
        else
        {
            var pathString = target[..pathLength];
            var replacedPath = RegexFactory.Replace(_regex!, pathString, _substitution);
            if (ReferenceEquals(replacedPath, pathString) || replacedPath == pathString)
            {
                return;
            }

            rewritten = string.Concat(replacedPath.AsSpan(), rest);
        }

        requestHeaders.Set(PseudoHeaders.Path, rewritten);
    }
}
