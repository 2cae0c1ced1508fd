using System.Text.RegularExpressions;

namespace Mosn.Router.Matching;

/// <summary>
/// Compiles the regular expressions of a route table and runs them without throwing on the data plane.
/// </summary>
/// <remarks>
/// MOSN's patterns are Go RE2 expressions, which never backtrack. The closest .NET engine is
/// <see cref="RegexOptions.NonBacktracking"/> (linear time in the input, so a hostile path cannot make matching
/// explode); patterns it does not support (back-references, look-arounds) fall back to the backtracking engine. Both
/// carry <see cref="MatchTimeout"/>; a timed-out match counts as "no match".
/// </remarks>
internal static class RegexFactory
{
    /// <summary>The per-match time limit.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Compiles <paramref name="pattern"/>. With <paramref name="fullMatch"/> the pattern must match the whole input
    /// (Envoy's <c>safe_regex</c> semantics). Throws <see cref="ArgumentException"/> naming <paramref name="where"/> for
    /// an invalid pattern.
    /// </summary>
    public static Regex Create(string pattern, bool fullMatch, bool ignoreCase, string where)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var source = fullMatch ? $"^(?:{pattern})\\z" : pattern;
        var options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        try
        {
            // Validate the user's pattern on its own first: wrapping could hide or shift an error in it.
            _ = new Regex(pattern, options, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{where}: invalid regular expression '{pattern}': {e.Message}", e);
        }

        try
        {
            return new Regex(source, options | RegexOptions.NonBacktracking, MatchTimeout);
        }
        catch (NotSupportedException)
        {
            // Back-references and look-arounds need the backtracking engine; the timeout bounds it.
            return new Regex(source, options | RegexOptions.Compiled, MatchTimeout);
        }
    }

    /// <summary>True when <paramref name="regex"/> matches <paramref name="input"/>; false on a time-out.</summary>
    public static bool IsMatch(Regex regex, ReadOnlySpan<char> input)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            // Hostile or pathological input: the data plane treats it as a non-match rather than failing the request.
            return false;
        }
    }

    /// <summary>Replaces every match in <paramref name="input"/>; returns the input unchanged on a time-out.</summary>
    public static string Replace(Regex regex, string input, string substitution)
    {
        try
        {
            return regex.Replace(input, substitution);
        }
        catch (RegexMatchTimeoutException)
        {
            // Leave the path as it was: forwarding unrewritten is the least surprising failure.
            return input;
        }
    }
}
