using System.Text.RegularExpressions;

namespace Mosn.Configuration.Parsing;

/// <summary>Checks at load time that configured regular expressions compile, so that a bad pattern stops start-up.</summary>
internal static class RegexCheck
{
    /// <summary>The match timeout used for the check; the router applies its own when it compiles the pattern for use.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>True when <paramref name="pattern"/> compiles with <see cref="RegexOptions.None"/>; otherwise the parser's message.</summary>
    public static bool TryCompile(string pattern, out string error)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, MatchTimeout);
            error = "";
            return true;
        }
        catch (ArgumentException ex)
        {
            // RegexParseException derives from ArgumentException; its message names the position and the problem.
            error = ex.Message;
            return false;
        }
    }
}
