using System.Text.RegularExpressions;
using Mosn.Abstractions.Protocol;

namespace Mosn.Router.Matching;

/// <summary>
/// One <c>headers[]</c> matcher: the first value of the header equals the configured value (ordinal, case-sensitive),
/// or fully matches the configured regular expression. A missing header never matches. Pseudo headers
/// (<c>:method</c>, <c>:authority</c>, <c>:path</c>) are ordinary names here.
/// </summary>
internal sealed class HeaderMatcher
{
    private readonly string _name;
    private readonly string _value;
    private readonly Regex? _regex;

    /// <summary>Creates a matcher; <paramref name="regex"/> is null for an exact match.</summary>
    public HeaderMatcher(string name, string value, Regex? regex)
    {
        _name = name;
        _value = value;
        _regex = regex;
    }

    /// <summary>True when the request's header satisfies the matcher.</summary>
    public bool Matches(IHeaderMap requestHeaders)
    {
        if (!requestHeaders.TryGet(_name, out var actual))
        {
            return false;
        }

        return _regex is null ? string.Equals(actual, _value, StringComparison.Ordinal) : RegexFactory.IsMatch(_regex, actual);
    }
}
