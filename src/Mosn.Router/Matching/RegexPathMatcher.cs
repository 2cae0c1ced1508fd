using System.Text.RegularExpressions;

namespace Mosn.Router.Matching;

/// <summary>
/// MOSN's <c>regex</c> match with Envoy's full-match semantics: the expression must match the whole path (query
/// excluded). MOSN itself searches (Go <c>MatchString</c>); a pattern written for a search can add <c>.*</c>.
/// </summary>
internal sealed class RegexPathMatcher(Regex regex) : PathMatcher
{
    /// <inheritdoc/>
    public override bool Matches(ReadOnlySpan<char> path) => RegexFactory.IsMatch(regex, path);

    /// <inheritdoc/>
    public override int RewritableLength(ReadOnlySpan<char> path) => -1;
}
