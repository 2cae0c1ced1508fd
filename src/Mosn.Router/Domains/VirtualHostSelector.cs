using System.Collections.Frozen;
using Mosn.Abstractions.Protocol;

namespace Mosn.Router.Domains;

/// <summary>
/// Picks the virtual host of a request from its <c>:authority</c>. Immutable and thread-safe; selection does not
/// allocate.
/// </summary>
/// <remarks>
/// Order (MOSN <c>routers_impl.go</c>, Envoy's domain search), all comparisons ASCII case-insensitive:
/// <list type="number">
/// <item>exact <c>host:port</c> for domains configured with a port (only when the request carries a port);</item>
/// <item>exact host, the request's port stripped (a domain without a port matches any port);</item>
/// <item>the longest <c>*.suffix:port</c> against the whole authority;</item>
/// <item>the longest <c>*suffix</c> against the host (the '*' must cover at least one character);</item>
/// <item>the longest <c>prefix*</c> against the host;</item>
/// <item>the default <c>*</c>.</item>
/// </list>
/// A table whose only domain is <c>*</c> never reads the host. A request without an authority (RPC protocols) gets
/// the default virtual host.
/// </remarks>
internal sealed class VirtualHostSelector
{
    private readonly VirtualHost? _default;
    private readonly bool _defaultOnly;
    private readonly FrozenDictionary<string, VirtualHost>.AlternateLookup<ReadOnlySpan<char>> _exact;
    private readonly FrozenDictionary<string, VirtualHost>.AlternateLookup<ReadOnlySpan<char>> _exactWithPort;
    private readonly bool _hasExact;
    private readonly bool _hasExactWithPort;
    private readonly WildcardDomain[] _suffixesWithPort;
    private readonly WildcardDomain[] _suffixes;
    private readonly WildcardDomain[] _prefixes;

    private VirtualHostSelector(
        VirtualHost? defaultHost,
        Dictionary<string, VirtualHost> exact,
        Dictionary<string, VirtualHost> exactWithPort,
        List<WildcardDomain> suffixesWithPort,
        List<WildcardDomain> suffixes,
        List<WildcardDomain> prefixes)
    {
        _default = defaultHost;
        _hasExact = exact.Count > 0;
        _hasExactWithPort = exactWithPort.Count > 0;
        _exact = exact.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
        _exactWithPort = exactWithPort.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
        _suffixesWithPort = LongestFirst(suffixesWithPort);
        _suffixes = LongestFirst(suffixes);
        _prefixes = LongestFirst(prefixes);
        _defaultOnly = !_hasExact && !_hasExactWithPort && _suffixesWithPort.Length == 0 && _suffixes.Length == 0 && _prefixes.Length == 0;
    }

    /// <summary>
    /// Indexes the domains of <paramref name="virtualHosts"/>. Throws <see cref="ArgumentException"/> for an empty or
    /// malformed domain ('*' in the middle, a port on a <c>prefix.*</c> domain) and for a domain claimed twice.
    /// </summary>
    public static VirtualHostSelector Build(IReadOnlyList<(VirtualHost Host, IReadOnlyList<string> Domains)> virtualHosts, string jsonPath)
    {
        VirtualHost? defaultHost = null;
        var exact = new Dictionary<string, VirtualHost>(StringComparer.Ordinal);
        var exactWithPort = new Dictionary<string, VirtualHost>(StringComparer.Ordinal);
        var suffixesWithPort = new List<WildcardDomain>();
        var suffixes = new List<WildcardDomain>();
        var prefixes = new List<WildcardDomain>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (host, domains) in virtualHosts)
        {
            foreach (var raw in domains)
            {
                var domain = (raw ?? "").Trim().ToLowerInvariant();
                if (domain.Length == 0)
                {
                    throw new ArgumentException($"{jsonPath}: virtual host '{host.Name}' has an empty domain.");
                }

                if (!seen.Add(domain))
                {
                    throw new ArgumentException($"{jsonPath}: domain '{domain}' is claimed by more than one virtual host (the second is '{host.Name}').");
                }

                var star = domain.IndexOf('*');
                var hasPort = HostAuthority.HasPort(domain);
                if (domain == "*")
                {
                    defaultHost = host;
                }
                else if (star < 0)
                {
                    (hasPort ? exactWithPort : exact).Add(domain, host);
                }
                else if (star == 0 && domain.IndexOf('*', 1) < 0)
                {
                    (hasPort ? suffixesWithPort : suffixes).Add(new WildcardDomain(domain[1..], host));
                }
                else if (star == domain.Length - 1 && !hasPort)
                {
                    prefixes.Add(new WildcardDomain(domain[..^1], host));
                }
                else
                {
                    throw new ArgumentException(
                        $"{jsonPath}: domain '{domain}' of virtual host '{host.Name}' is not supported: a wildcard must be the whole domain ('*'), lead it ('*.example.com') or end it ('example.*', without a port).");
                }
            }
        }

        return new VirtualHostSelector(defaultHost, exact, exactWithPort, suffixesWithPort, suffixes, prefixes);
    }

    /// <summary>The virtual host for <paramref name="requestHeaders"/>, or null when no domain matches.</summary>
    public VirtualHost? Select(IHeaderMap requestHeaders)
    {
        if (_defaultOnly)
        {
            return _default;
        }

        if (!requestHeaders.TryGet(PseudoHeaders.Authority, out var value) && !requestHeaders.TryGet("host", out value))
        {
            return _default;
        }

        var authority = value.AsSpan();
        var host = HostAuthority.SplitPort(authority, out _);
        var hasPort = host.Length < authority.Length;

        if (hasPort && _hasExactWithPort && _exactWithPort.TryGetValue(authority, out var found))
        {
            return found;
        }

        if (_hasExact && _exact.TryGetValue(host, out found))
        {
            return found;
        }

        if (hasPort)
        {
            foreach (var wildcard in _suffixesWithPort)
            {
                if (wildcard.MatchesSuffix(authority))
                {
                    return wildcard.VirtualHost;
                }
            }
        }

        foreach (var wildcard in _suffixes)
        {
            if (wildcard.MatchesSuffix(host))
            {
                return wildcard.VirtualHost;
            }
        }

        foreach (var wildcard in _prefixes)
        {
            if (wildcard.MatchesPrefix(host))
            {
                return wildcard.VirtualHost;
            }
        }

        return _default;
    }

    private static WildcardDomain[] LongestFirst(List<WildcardDomain> domains)
    {
        // A stable sort keeps config order among equal lengths (two different suffixes of equal length cannot both match).
        return [.. domains.OrderByDescending(static d => d.Fixed.Length)];
    }
}
