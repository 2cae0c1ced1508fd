using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Configuration.Parsing;

namespace Mosn.Configuration.Mapping;

/// <summary>Maps one route (<c>virtual_hosts[].routers[]</c>) with its match and its single action, checking both.</summary>
internal static class RouteMapper
{
    private static readonly int[] RedirectCodes = [301, 302, 303, 307, 308];

    /// <summary>Maps the route at <paramref name="path"/>; null when it is not an object.</summary>
    public static RouteConfig? Map(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.RequireObject(element, path))
        {
            return null;
        }

        var route = new RouteConfig { JsonPath = path };
        var matchSeen = false;
        var actions = new List<string>(1);
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            var value = property.Value;
            var key = ConfigReader.Key(property);
            switch (key)
            {
                case "match":
                    matchSeen = true;
                    route = route with { Match = MapMatch(value, at, reader) ?? new RouteMatchConfig() };
                    break;
                case "route":
                    if (reader.IsObject(value, at))
                    {
                        actions.Add(key);
                        route = route with { Route = MapAction(value, at, reader) };
                    }

                    break;
                case "direct_response":
                    if (reader.IsObject(value, at))
                    {
                        actions.Add(key);
                        route = route with { DirectResponse = MapDirectResponse(value, at, reader) };
                    }

                    break;
                case "redirect":
                    if (reader.IsObject(value, at))
                    {
                        actions.Add(key);
                        route = route with { Redirect = MapRedirect(value, at, reader) };
                    }

                    break;
                case "request_headers_to_add":
                    route = route with { RequestHeadersToAdd = HeaderOptionsMapper.MapList(value, at, reader) };
                    break;
                case "request_headers_to_remove":
                    route = route with { RequestHeadersToRemove = reader.StringList(value, at) };
                    break;
                case "response_headers_to_add":
                    route = route with { ResponseHeadersToAdd = HeaderOptionsMapper.MapList(value, at, reader) };
                    break;
                case "response_headers_to_remove":
                    route = route with { ResponseHeadersToRemove = reader.StringList(value, at) };
                    break;
                default:
                    reader.Skip(at, key, ConfigSection.Route);
                    break;
            }
        }

        if (!matchSeen)
        {
            reader.Error(JsonPaths.Property(path, "match"), "a route needs a \"match\"");
        }

        if (actions.Count != 1)
        {
            var found = actions.Count == 0 ? "none" : string.Join(", ", actions);
            reader.Error(path, $"a route needs exactly one of \"route\", \"direct_response\" or \"redirect\" (found: {found})");
        }

        return route;
    }

    private static RouteMatchConfig? MapMatch(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.IsObject(element, path))
        {
            return null;
        }

        var match = new RouteMatchConfig();
        var kinds = new List<string>(1);
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            var value = property.Value;
            var key = ConfigReader.Key(property);
            switch (key)
            {
                // As in Go, an empty string is the same as no value.
                case "prefix":
                    if (NonEmpty(reader.String(value, at)) is { } prefix)
                    {
                        kinds.Add(key);
                        match = match with { Prefix = prefix };
                    }

                    break;
                case "path":
                    if (NonEmpty(reader.String(value, at)) is { } exact)
                    {
                        kinds.Add(key);
                        match = match with { Path = exact };
                    }

                    break;
                case "regex":
                    if (NonEmpty(reader.String(value, at)) is { } regex)
                    {
                        kinds.Add(key);
                        CheckRegex(regex, at, reader);
                        match = match with { Regex = regex };
                    }

                    break;
                case "case_sensitive":
                    match = match with { CaseSensitive = reader.Bool(value, at) ?? true };
                    break;
                case "headers":
                    match = match with { Headers = MapHeaderMatchers(value, at, reader) };
                    break;
                case "variables":
                case "dsl_expressions":
                    // Ignoring these would widen the route to every request, so they stop start-up.
                    if (!ConfigReader.IsNull(value))
                    {
                        reader.Error(at, $"route matching on \"{key}\" is not supported yet");
                    }

                    break;
                default:
                    reader.Skip(at, key, ConfigSection.RouteMatch);
                    break;
            }
        }

        if (kinds.Count > 1)
        {
            reader.Error(path, $"a match takes at most one of \"prefix\", \"path\" and \"regex\" (found: {string.Join(", ", kinds)})");
        }
        else if (kinds.Count == 0 && match.Headers.Count == 0)
        {
            reader.Error(path, "a match needs one of \"prefix\", \"path\", \"regex\" or \"headers\"");
        }

        return match;
    }

    private static IReadOnlyList<HeaderMatcherConfig> MapHeaderMatchers(JsonElement value, string path, ConfigReader reader)
    {
        var list = new List<HeaderMatcherConfig>();
        foreach (var (item, itemPath) in reader.Items(value, path))
        {
            if (!reader.RequireObject(item, itemPath))
            {
                continue;
            }

            var matcher = new HeaderMatcherConfig();
            string? valuePath = null;
            foreach (var property in item.EnumerateObject())
            {
                var at = JsonPaths.Property(itemPath, property.Name);
                switch (ConfigReader.Key(property))
                {
                    case "name":
                        matcher = matcher with { Name = reader.String(property.Value, at) ?? "" };
                        break;
                    case "value":
                        valuePath = at;
                        matcher = matcher with { Value = reader.String(property.Value, at) ?? "" };
                        break;
                    case "regex":
                        matcher = matcher with { Regex = reader.Bool(property.Value, at) ?? false };
                        break;
                    default:
                        reader.Skip(at, ConfigReader.Key(property), ConfigSection.HeaderMatcher);
                        break;
                }
            }

            if (matcher.Name.Length == 0)
            {
                reader.Error(JsonPaths.Property(itemPath, "name"), "a header matcher needs a non-empty \"name\"");
                continue;
            }

            if (matcher.Regex)
            {
                CheckRegex(matcher.Value, valuePath ?? JsonPaths.Property(itemPath, "value"), reader);
            }

            list.Add(matcher);
        }

        return list;
    }

    private static RouteActionConfig MapAction(JsonElement element, string path, ConfigReader reader)
    {
        var action = new RouteActionConfig();
        var targets = new List<string>(1);
        string? clusterVariablePath = null;
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            var value = property.Value;
            var key = ConfigReader.Key(property);
            switch (key)
            {
                case "cluster_name":
                    if (NonEmpty(reader.String(value, at)) is { } clusterName)
                    {
                        targets.Add(key);
                        action = action with { ClusterName = clusterName };
                    }

                    break;
                case "cluster_header":
                    if (NonEmpty(reader.String(value, at)) is { } clusterHeader)
                    {
                        targets.Add(key);
                        action = action with { ClusterHeader = clusterHeader };
                    }

                    break;
                case "weighted_clusters":
                    var weighted = MapWeightedClusters(value, at, reader);
                    if (weighted.Count > 0)
                    {
                        targets.Add(key);
                        action = action with { WeightedClusters = weighted };
                    }

                    break;
                case "upstream_protocol":
                    action = action with { UpstreamProtocol = NonEmpty(reader.String(value, at)) };
                    break;
                case "metadata_match":
                    action = action with { MetadataMatch = reader.Metadata(value, at) };
                    break;
                case "timeout":
                    action = action with { Timeout = reader.Duration(value, at) };
                    break;
                case "hash_policy":
                    action = action with { HashPolicy = HashPolicyMapper.MapList(value, at, reader) };
                    break;
                case "retry_policy":
                    action = action with { RetryPolicy = MapRetryPolicy(value, at, reader) };
                    break;
                case "prefix_rewrite":
                    action = action with { PrefixRewrite = NonEmpty(reader.String(value, at)) };
                    break;
                case "regex_rewrite":
                    action = action with { RegexRewrite = MapRegexRewrite(value, at, reader) };
                    break;
                case "host_rewrite":
                    action = action with { HostRewrite = NonEmpty(reader.String(value, at)) };
                    break;
                case "auto_host_rewrite":
                    action = action with { AutoHostRewrite = reader.Bool(value, at) ?? false };
                    break;
                case "request_headers_to_add":
                    action = action with { RequestHeadersToAdd = HeaderOptionsMapper.MapList(value, at, reader) };
                    break;
                case "request_headers_to_remove":
                    action = action with { RequestHeadersToRemove = reader.StringList(value, at) };
                    break;
                case "response_headers_to_add":
                    action = action with { ResponseHeadersToAdd = HeaderOptionsMapper.MapList(value, at, reader) };
                    break;
                case "response_headers_to_remove":
                    action = action with { ResponseHeadersToRemove = reader.StringList(value, at) };
                    break;
                case "cluster_variable":
                    clusterVariablePath = at;
                    break;
                default:
                    reader.Skip(at, key, ConfigSection.RouteAction);
                    break;
            }
        }

        if (clusterVariablePath is not null)
        {
            // MOSN prefers cluster_name over cluster_variable, so with a cluster_name the variable is simply unused.
            if (action.ClusterName is null)
            {
                reader.Error(clusterVariablePath, "taking the cluster from a variable (cluster_variable) is not supported yet");
            }
            else
            {
                reader.Skip(clusterVariablePath, "cluster_variable", ConfigSection.RouteAction);
            }
        }

        if (targets.Count != 1 && !(targets.Count == 0 && clusterVariablePath is not null))
        {
            var found = targets.Count == 0 ? "none" : string.Join(", ", targets);
            reader.Error(path, $"a route action needs exactly one of \"cluster_name\", \"cluster_header\" or \"weighted_clusters\" (found: {found})");
        }

        return action;
    }

    private static List<WeightedClusterConfig> MapWeightedClusters(JsonElement value, string path, ConfigReader reader)
    {
        var list = new List<WeightedClusterConfig>();
        foreach (var (item, itemPath) in reader.Items(value, path))
        {
            if (!reader.RequireObject(item, itemPath))
            {
                continue;
            }

            var clusterPath = JsonPaths.Property(itemPath, "cluster");
            JsonElement? cluster = null;
            foreach (var property in item.EnumerateObject())
            {
                var at = JsonPaths.Property(itemPath, property.Name);
                if (ConfigReader.Key(property) == "cluster")
                {
                    clusterPath = at;
                    cluster = property.Value;
                }
                else
                {
                    reader.Skip(at, ConfigReader.Key(property), ConfigSection.WeightedCluster);
                }
            }

            if (cluster is not { } clusterElement || !reader.RequireObject(clusterElement, clusterPath))
            {
                if (cluster is null)
                {
                    reader.Error(clusterPath, "a weighted cluster entry needs \"cluster\": {\"name\", \"weight\"}");
                }

                continue;
            }

            var entry = new WeightedClusterConfig();
            var weightSeen = false;
            foreach (var property in clusterElement.EnumerateObject())
            {
                var at = JsonPaths.Property(clusterPath, property.Name);
                switch (ConfigReader.Key(property))
                {
                    case "name":
                        entry = entry with { Name = reader.String(property.Value, at) ?? "" };
                        break;
                    case "weight":
                        weightSeen = true;
                        if (reader.Int32(property.Value, at, 1, int.MaxValue) is { } weight)
                        {
                            entry = entry with { Weight = weight };
                        }

                        break;
                    case "metadata_match":
                        entry = entry with { MetadataMatch = reader.Metadata(property.Value, at) };
                        break;
                    default:
                        reader.Skip(at, ConfigReader.Key(property), ConfigSection.WeightedCluster);
                        break;
                }
            }

            if (entry.Name.Length == 0)
            {
                reader.Error(JsonPaths.Property(clusterPath, "name"), "a weighted cluster needs a non-empty \"name\"");
            }

            if (!weightSeen)
            {
                reader.Error(JsonPaths.Property(clusterPath, "weight"), "a weighted cluster needs a \"weight\" greater than 0");
            }

            list.Add(entry);
        }

        return list;
    }

    private static RetryPolicyConfig? MapRetryPolicy(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.IsObject(element, path))
        {
            return null;
        }

        var policy = new RetryPolicyConfig();
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            switch (ConfigReader.Key(property))
            {
                case "retry_on":
                    policy = policy with { RetryOn = reader.Bool(property.Value, at) ?? false };
                    break;
                case "retry_timeout":
                    policy = policy with { RetryTimeout = reader.Duration(property.Value, at) };
                    break;
                case "num_retries":
                    policy = policy with { NumRetries = reader.Int32(property.Value, at, 0, int.MaxValue) ?? 0 };
                    break;
                case "retry_back_off":
                    if (reader.IsObject(property.Value, at))
                    {
                        foreach (var backOff in property.Value.EnumerateObject())
                        {
                            var backOffAt = JsonPaths.Property(at, backOff.Name);
                            switch (ConfigReader.Key(backOff))
                            {
                                case "base_interval":
                                    if (reader.Duration(backOff.Value, backOffAt) is { } baseInterval)
                                    {
                                        policy = policy with { BackOffBase = baseInterval };
                                    }

                                    break;
                                case "max_interval":
                                    policy = policy with { BackOffMax = reader.Duration(backOff.Value, backOffAt) };
                                    break;
                                default:
                                    reader.Warning(backOffAt, $"unknown key \"{backOff.Name}\" ignored");
                                    break;
                            }
                        }
                    }

                    break;
                case "status_codes":
                    var codes = new List<int>();
                    foreach (var (item, itemPath) in reader.Items(property.Value, at))
                    {
                        if (reader.Int32(item, itemPath, 100, 599) is { } code)
                        {
                            codes.Add(code);
                        }
                    }

                    policy = policy with { StatusCodes = codes };
                    break;
                default:
                    reader.Skip(at, ConfigReader.Key(property), ConfigSection.RetryPolicy);
                    break;
            }
        }

        return policy;
    }

    private static RegexRewriteConfig? MapRegexRewrite(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.IsObject(element, path))
        {
            return null;
        }

        string? pattern = null;
        var patternPath = JsonPaths.Property(JsonPaths.Property(path, "pattern"), "regex");
        var substitution = "";
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            switch (ConfigReader.Key(property))
            {
                case "pattern":
                    if (!reader.IsObject(property.Value, at))
                    {
                        break;
                    }

                    foreach (var inner in property.Value.EnumerateObject())
                    {
                        var innerAt = JsonPaths.Property(at, inner.Name);
                        if (ConfigReader.Key(inner) == "regex")
                        {
                            patternPath = innerAt;
                            pattern = NonEmpty(reader.String(inner.Value, innerAt));
                        }
                        else
                        {
                            reader.Skip(innerAt, ConfigReader.Key(inner), ConfigSection.RegexRewrite);
                        }
                    }

                    break;
                case "substitution":
                    substitution = reader.String(property.Value, at) ?? "";
                    break;
                default:
                    reader.Skip(at, ConfigReader.Key(property), ConfigSection.RegexRewrite);
                    break;
            }
        }

        // MOSN reads regex_rewrite as a value struct: an empty one means "no rewrite".
        if (pattern is null)
        {
            if (substitution.Length > 0)
            {
                reader.Error(patternPath, "regex_rewrite needs a non-empty \"pattern.regex\"");
            }

            return null;
        }

        CheckRegex(pattern, patternPath, reader);
        return new RegexRewriteConfig { Pattern = pattern, Substitution = substitution };
    }

    private static DirectResponseConfig MapDirectResponse(JsonElement element, string path, ConfigReader reader)
    {
        var response = new DirectResponseConfig();
        var statusSeen = false;
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            switch (ConfigReader.Key(property))
            {
                case "status":
                    statusSeen = true;
                    if (reader.Int32(property.Value, at, 100, 599) is { } status)
                    {
                        response = response with { Status = status };
                    }

                    break;
                case "body":
                    response = response with { Body = reader.String(property.Value, at) };
                    break;
                default:
                    reader.Skip(at, ConfigReader.Key(property), ConfigSection.DirectResponse);
                    break;
            }
        }

        if (!statusSeen)
        {
            reader.Error(JsonPaths.Property(path, "status"), "a direct_response needs a \"status\" from 100 to 599");
        }

        return response;
    }

    private static RedirectConfig MapRedirect(JsonElement element, string path, ConfigReader reader)
    {
        var redirect = new RedirectConfig();
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            switch (ConfigReader.Key(property))
            {
                case "response_code":
                    // MOSN treats 0 (its "unset") as 301.
                    var code = reader.Int32(property.Value, at, 0, 999);
                    if (code is 0)
                    {
                        break;
                    }

                    if (code is { } c && !RedirectCodes.Contains(c))
                    {
                        reader.Error(at, $"a redirect response_code must be one of 301, 302, 303, 307 or 308, got {c}");
                    }
                    else if (code is { } valid)
                    {
                        redirect = redirect with { ResponseCode = valid };
                    }

                    break;
                case "path_redirect":
                    redirect = redirect with { PathRedirect = NonEmpty(reader.String(property.Value, at)) };
                    break;
                case "host_redirect":
                    redirect = redirect with { HostRedirect = NonEmpty(reader.String(property.Value, at)) };
                    break;
                case "scheme_redirect":
                    redirect = redirect with { SchemeRedirect = NonEmpty(reader.String(property.Value, at)) };
                    break;
                default:
                    reader.Skip(at, ConfigReader.Key(property), ConfigSection.Redirect);
                    break;
            }
        }

        return redirect;
    }

    private static void CheckRegex(string pattern, string path, ConfigReader reader)
    {
        if (!RegexCheck.TryCompile(pattern, out var error))
        {
            reader.Error(path, $"invalid regular expression \"{pattern}\": {error}");
        }
    }

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
