namespace Mosn.Router.Domains;

/// <summary>
/// A compiled wildcard domain: the fixed part of <c>"*.suffix"</c> (".suffix") or <c>"prefix.*"</c> ("prefix.") and
/// the virtual host it selects. Immutable.
/// </summary>
/// <param name="Fixed">The domain without its '*', lower-cased.</param>
/// <param name="VirtualHost">The virtual host selected by the domain.</param>
internal readonly record struct WildcardDomain(string Fixed, VirtualHost VirtualHost)
{
    /// <summary>True when <paramref name="host"/> ends with the fixed part and the '*' covers at least one character.</summary>
    public bool MatchesSuffix(ReadOnlySpan<char> host) =>
        host.Length > Fixed.Length && host.EndsWith(Fixed, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="host"/> starts with the fixed part and the '*' covers at least one character.</summary>
    public bool MatchesPrefix(ReadOnlySpan<char> host) =>
        host.Length > Fixed.Length && host.StartsWith(Fixed, StringComparison.OrdinalIgnoreCase);
}
