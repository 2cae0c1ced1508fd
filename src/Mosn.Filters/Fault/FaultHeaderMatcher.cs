using System.Text.RegularExpressions;
using Mosn.Abstractions.Protocol;

namespace Mosn.Filters.Fault;

/// <summary>
/// One entry of the fault filter's <c>headers</c>: the request must carry header <see cref="Name"/> with a value equal
/// to <see cref="Value"/>, or matching <see cref="Pattern"/> when <c>regex</c> is true. As in MOSN, a missing header
/// does not match and a regex matches anywhere in the value (Go's <c>MatchString</c>); anchor it with <c>^...$</c> for
/// a full match. Immutable; thread-safe.
/// </summary>
internal sealed class FaultHeaderMatcher(string name, string value, Regex? pattern)
{
    /// <summary>Header name (case-insensitive).</summary>
    public string Name { get; } = name;

    /// <summary>The exact value to match when <see cref="Pattern"/> is null.</summary>
    public string Value { get; } = value;

    /// <summary>The compiled regular expression, when <c>regex</c> is true.</summary>
    public Regex? Pattern { get; } = pattern;

    /// <summary>True when <paramref name="headers"/> satisfies this matcher.</summary>
    public bool Matches(IHeaderMap headers)
    {
        if (!headers.TryGet(Name, out var actual))
        {
            return false;
        }

        if (Pattern is null)
        {
            return string.Equals(actual, Value, StringComparison.Ordinal);
        }

        try
        {
            return Pattern.IsMatch(actual);
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological value against a backtracking pattern: treat as no match rather than stall the stream.
            return false;
        }
    }
}
