using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Router;
using Mosn.Router.Domains;
using Mosn.Router.Matching;

namespace Mosn.Router;

/// <summary>
/// MOSN's <c>redirect</c>: builds <c>Location</c> from the request's scheme, authority, path and query, replacing only
/// the configured parts. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// As in MOSN (<c>pkg/proxy/downstream.go</c>): <c>host_redirect</c> replaces the whole authority; the request's
/// query is kept, also when <c>path_redirect</c> replaces the path (as Envoy without <c>strip_query</c>), unless
/// <c>path_redirect</c> carries its own query; when the scheme changes, an explicit port that is the other scheme's
/// default is dropped (<c>https</c> with port 80, <c>http</c> with port 443). A request without <c>:scheme</c> is
/// taken as <c>http</c>.
/// </remarks>
internal sealed class RedirectRule : IRedirectRule
{
    private readonly string? _scheme;
    private readonly string? _host;
    private readonly string? _path;

    /// <summary>Creates a rule; null or empty parts keep the request's.</summary>
    public RedirectRule(int responseCode, string? scheme, string? host, string? path)
    {
        ResponseCode = responseCode;
        _scheme = string.IsNullOrEmpty(scheme) ? null : scheme.ToLowerInvariant();
        _host = string.IsNullOrEmpty(host) ? null : host;
        _path = string.IsNullOrEmpty(path) ? null : path;
    }

    /// <inheritdoc/>
    public int ResponseCode { get; }

    /// <inheritdoc/>
    public string BuildLocation(IHeaderMap requestHeaders)
    {
        var currentScheme = requestHeaders.Get(PseudoHeaders.Scheme);
        currentScheme = string.IsNullOrEmpty(currentScheme) ? "http" : currentScheme.ToLowerInvariant();
        var scheme = _scheme ?? currentScheme;

        var authority = (_host ?? requestHeaders.Get(PseudoHeaders.Authority) ?? requestHeaders.Get("host") ?? "").AsSpan();
        if (scheme != currentScheme)
        {
            var host = HostAuthority.SplitPort(authority, out var port);
            if (host.Length < authority.Length
                && ((scheme == "http" && port.SequenceEqual("443")) || (scheme == "https" && port.SequenceEqual("80"))))
            {
                authority = host;
            }
        }

        var target = requestHeaders.Get(PseudoHeaders.Path) ?? "";
        var requestPath = RequestPath.PathOf(target);
        var query = target.AsSpan(requestPath.Length);
        var fragment = query.IndexOf('#');
        if (fragment >= 0)
        {
            // A fragment is never sent to a server (RFC 9110 §7.1); do not echo one back.
            query = query[..fragment];
        }

        ReadOnlySpan<char> path;
        if (_path is null)
        {
            path = requestPath.IsEmpty ? "/" : requestPath;
        }
        else
        {
            path = _path;
            if (_path.Contains('?'))
            {
                query = default;
            }
        }

        return $"{scheme}://{authority}{path}{query}";
    }
}
