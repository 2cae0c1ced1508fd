using Mosn.Abstractions.Config;
using Mosn.Abstractions.Router;
using Mosn.Router.Clusters;
using Mosn.Router.Domains;
using Mosn.Router.Headers;
using Mosn.Router.Matching;
using Mosn.Router.Rewrite;

namespace Mosn.Router;

/// <summary>
/// Turns a <see cref="RouterConfig"/> into an immutable <see cref="RouteTable"/>. Config time only: every failure is an
/// <see cref="ArgumentException"/> whose message starts with the JSON path of the offending element.
/// </summary>
internal static class RouteCompiler
{
    private static readonly int[] s_redirectCodes = [301, 302, 303, 307, 308];

    /// <summary>Compiles <paramref name="config"/>; <paramref name="nextInt"/> is the random source of weighted clusters.</summary>
    public static RouteTable Compile(RouterConfig config, Func<int, int> nextInt)
    {
        ArgumentNullException.ThrowIfNull(config);
        var where = string.IsNullOrEmpty(config.JsonPath) ? $"routers['{config.RouterConfigName}']" : config.JsonPath;
        if (string.IsNullOrEmpty(config.RouterConfigName))
        {
            throw new ArgumentException($"{where}: router_config_name is empty.", nameof(config));
        }

        var routerRequest = HeaderMutation.Create(config.RequestHeadersToRemove, config.RequestHeadersToAdd, where);
        var routerResponse = HeaderMutation.Create(config.ResponseHeadersToRemove, config.ResponseHeadersToAdd, where);
        var hosts = new List<(VirtualHost Host, IReadOnlyList<string> Domains)>();
        var virtualHosts = config.VirtualHosts ?? [];
        for (var i = 0; i < virtualHosts.Count; i++)
        {
            var vhConfig = virtualHosts[i] ?? throw new ArgumentException($"{where}.virtual_hosts[{i}] is null.", nameof(config));
            var vhWhere = $"{where}.virtual_hosts[{i}]";
            var vhRequest = HeaderMutation.Create(vhConfig.RequestHeadersToRemove, vhConfig.RequestHeadersToAdd, vhWhere);
            var vhResponse = HeaderMutation.Create(vhConfig.ResponseHeadersToRemove, vhConfig.ResponseHeadersToAdd, vhWhere);
            var routes = new Route[vhConfig.Routers?.Count ?? 0];
            for (var j = 0; j < routes.Length; j++)
            {
                var routeConfig = vhConfig.Routers![j] ?? throw new ArgumentException($"{vhWhere}.routers[{j}] is null.", nameof(config));
                var routeWhere = string.IsNullOrEmpty(routeConfig.JsonPath) ? $"{vhWhere}.routers[{j}]" : routeConfig.JsonPath;
                routes[j] = CompileRoute(vhConfig.Name ?? "", routeConfig, routeWhere, [routerRequest, vhRequest], [routerResponse, vhResponse], nextInt);
            }

            hosts.Add((new VirtualHost(vhConfig.Name ?? "", routes), vhConfig.Domains ?? []));
        }

        var selector = VirtualHostSelector.Build(hosts, where);
        return new RouteTable(config.RouterConfigName, selector, [.. hosts.Select(static h => h.Host)]);
    }

    private static Route CompileRoute(
        string virtualHostName,
        RouteConfig config,
        string where,
        HeaderMutation?[] outerRequest,
        HeaderMutation?[] outerResponse,
        Func<int, int> nextInt)
    {
        var matcher = CompileMatch(config.Match ?? new RouteMatchConfig(), where + ".match");
        if (config.DirectResponse is { } direct)
        {
            if (direct.Status is < 100 or > 599)
            {
                throw new ArgumentException($"{where}.direct_response: status {direct.Status} is not an HTTP status code.");
            }

            return new Route(virtualHostName, matcher, null, new DirectResponseRule(direct.Status, direct.Body), null);
        }

        if (config.Redirect is { } redirect)
        {
            return new Route(virtualHostName, matcher, null, null, CompileRedirect(redirect, where + ".redirect"));
        }

        if (config.Route is { } action)
        {
            var rule = CompileAction(action, matcher.Path, config, where + ".route", outerRequest, outerResponse, nextInt);
            return new Route(virtualHostName, matcher, rule, null, null);
        }

        throw new ArgumentException($"{where}: the route has none of 'route', 'direct_response' and 'redirect'.");
    }

    private static RouteMatcher CompileMatch(RouteMatchConfig match, string where)
    {
        // MOSN's precedence when several are set (virtualhost.go): prefix, then path, then regex.
        PathMatcher? path = null;
        if (!string.IsNullOrEmpty(match.Prefix))
        {
            path = new PrefixPathMatcher(match.Prefix, match.CaseSensitive);
        }
        else if (!string.IsNullOrEmpty(match.Path))
        {
            path = new ExactPathMatcher(match.Path, match.CaseSensitive);
        }
        else if (!string.IsNullOrEmpty(match.Regex))
        {
            path = new RegexPathMatcher(RegexFactory.Create(match.Regex, fullMatch: true, ignoreCase: !match.CaseSensitive, where + ".regex"));
        }

        var headerConfigs = match.Headers ?? [];
        var headers = new HeaderMatcher[headerConfigs.Count];
        for (var i = 0; i < headers.Length; i++)
        {
            var header = headerConfigs[i] ?? throw new ArgumentException($"{where}.headers[{i}] is null.");
            if (string.IsNullOrEmpty(header.Name))
            {
                throw new ArgumentException($"{where}.headers[{i}]: the header name is empty.");
            }

            var value = header.Value ?? "";
            var regex = header.Regex ? RegexFactory.Create(value, fullMatch: true, ignoreCase: false, $"{where}.headers[{i}]") : null;
            headers[i] = new HeaderMatcher(header.Name, value, regex);
        }

        if (path is null && headers.Length == 0)
        {
            throw new ArgumentException($"{where}: the match has no 'prefix', 'path', 'regex' or 'headers'.");
        }

        return new RouteMatcher(path, headers);
    }

    private static RedirectRule CompileRedirect(RedirectConfig redirect, string where)
    {
        var code = redirect.ResponseCode == 0 ? 301 : redirect.ResponseCode;
        if (Array.IndexOf(s_redirectCodes, code) < 0)
        {
            throw new ArgumentException($"{where}: response_code {code} is not a redirect status (301, 302, 303, 307 or 308).");
        }

        if (!string.IsNullOrEmpty(redirect.SchemeRedirect) && !IsValidScheme(redirect.SchemeRedirect))
        {
            throw new ArgumentException($"{where}: scheme_redirect '{redirect.SchemeRedirect}' is not a URI scheme (RFC 3986 §3.1).");
        }

        return new RedirectRule(code, redirect.SchemeRedirect, redirect.HostRedirect, redirect.PathRedirect);
    }

    private static RouteRule CompileAction(
        RouteActionConfig action,
        PathMatcher? pathMatcher,
        RouteConfig route,
        string where,
        HeaderMutation?[] outerRequest,
        HeaderMutation?[] outerResponse,
        Func<int, int> nextInt)
    {
        var weightedConfigs = action.WeightedClusters ?? [];
        WeightedClusterSet? weighted = weightedConfigs.Count > 0
            ? WeightedClusterSet.Create(weightedConfigs, action.MetadataMatch, nextInt, where)
            : null;
        if (weighted is null && string.IsNullOrEmpty(action.ClusterName) && string.IsNullOrEmpty(action.ClusterHeader))
        {
            throw new ArgumentException($"{where}: the route names no cluster (cluster_name, cluster_header or weighted_clusters).");
        }

        var routeRequest = HeaderMutation.Create(route.RequestHeadersToRemove, route.RequestHeadersToAdd, where);
        var routeResponse = HeaderMutation.Create(route.ResponseHeadersToRemove, route.ResponseHeadersToAdd, where);
        var actionRequest = HeaderMutation.Create(action.RequestHeadersToRemove, action.RequestHeadersToAdd, where);
        var actionResponse = HeaderMutation.Create(action.ResponseHeadersToRemove, action.ResponseHeadersToAdd, where);
        var rewriter = PathRewriter.Create(pathMatcher, action.PrefixRewrite, action.RegexRewrite?.Pattern, action.RegexRewrite?.Substitution, where);

        return new RouteRule(
            action.ClusterName,
            action.ClusterHeader,
            weighted,
            HeaderMutation.Chain([.. outerRequest, routeRequest, actionRequest]),
            HeaderMutation.Chain([.. outerResponse, routeResponse, actionResponse]),
            rewriter,
            action.HostRewrite,
            action.AutoHostRewrite)
        {
            Timeout = PositiveOrNull(action.Timeout, where + ".timeout"),
            RetryPolicy = CompileRetry(action.RetryPolicy, where + ".retry_policy"),
            UpstreamProtocol = string.IsNullOrEmpty(action.UpstreamProtocol) ? null : action.UpstreamProtocol,
            MetadataMatch = action.MetadataMatch is { Count: > 0 } metadata ? metadata : null,
            HashPolicy = CompileHashPolicy(action.HashPolicy, where + ".hash_policy"),
        };
    }

    private static HashPolicyConfig[] CompileHashPolicy(IReadOnlyList<HashPolicyConfig>? policies, string where)
    {
        if (policies is null || policies.Count == 0)
        {
            return [];
        }

        for (var i = 0; i < policies.Count; i++)
        {
            if (policies[i].Type != HashPolicyType.SourceIp && string.IsNullOrEmpty(policies[i].Name))
            {
                throw new ArgumentException($"{where}[{i}]: a header or cookie hash policy needs a name.");
            }
        }

        return [.. policies];
    }

    private static RetryPolicy? CompileRetry(RetryPolicyConfig? config, string where)
    {
        if (config is null)
        {
            return null;
        }

        if (config.NumRetries < 0)
        {
            throw new ArgumentException($"{where}: num_retries {config.NumRetries} is negative.");
        }

        foreach (var status in config.StatusCodes ?? [])
        {
            if (status is < 100 or > 599)
            {
                throw new ArgumentException($"{where}: status code {status} is not an HTTP status code.");
            }
        }

        if (config.BackOffBase < TimeSpan.Zero || config.BackOffMax < TimeSpan.Zero)
        {
            throw new ArgumentException($"{where}.retry_back_off: intervals must not be negative.");
        }

        var backOffMax = config.BackOffMax ?? config.BackOffBase * 10;
        if (backOffMax < config.BackOffBase)
        {
            throw new ArgumentException($"{where}.retry_back_off: max_interval {backOffMax} is below base_interval {config.BackOffBase}.");
        }

        return new RetryPolicy
        {
            BackOffBase = config.BackOffBase,
            BackOffMax = backOffMax,
            RetryOn = config.RetryOn,
            NumRetries = config.NumRetries,
            PerTryTimeout = PositiveOrNull(config.RetryTimeout, where + ".retry_timeout"),
            StatusCodes = [.. config.StatusCodes ?? []],
        };
    }

    /// <summary>MOSN reads a zero duration as "unset" (the proxy default applies); a negative one is an error.</summary>
    private static TimeSpan? PositiveOrNull(TimeSpan? value, string where)
    {
        if (value is not { } duration || duration == TimeSpan.Zero)
        {
            return null;
        }

        return duration > TimeSpan.Zero ? duration : throw new ArgumentException($"{where}: duration {duration} is negative.");
    }

    private static bool IsValidScheme(string scheme)
    {
        // RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), compared case-insensitively.
        if (!char.IsAsciiLetter(scheme[0]))
        {
            return false;
        }

        foreach (var c in scheme.AsSpan(1))
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
