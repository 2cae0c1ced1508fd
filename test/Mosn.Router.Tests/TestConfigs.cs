using Mosn.Abstractions.Config;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Router;
using Mosn.Streams;

namespace Mosn.Router.Tests;

/// <summary>Small builders for router configs and requests.</summary>
internal static class TestConfigs
{
    public static RouteConfig Prefix(string prefix, string cluster) =>
        new() { Match = new RouteMatchConfig { Prefix = prefix }, Route = new RouteActionConfig { ClusterName = cluster } };

    public static RouteConfig Path(string path, string cluster) =>
        new() { Match = new RouteMatchConfig { Path = path }, Route = new RouteActionConfig { ClusterName = cluster } };

    public static RouteConfig Regex(string regex, string cluster) =>
        new() { Match = new RouteMatchConfig { Regex = regex }, Route = new RouteActionConfig { ClusterName = cluster } };

    public static RouteConfig HeaderRoute(string cluster, params HeaderMatcherConfig[] headers) =>
        new() { Match = new RouteMatchConfig { Headers = headers }, Route = new RouteActionConfig { ClusterName = cluster } };

    public static VirtualHostConfig Host(string name, string[] domains, params RouteConfig[] routes) =>
        new() { Name = name, Domains = domains, Routers = routes };

    /// <summary>A virtual host whose single catch-all route forwards to a cluster named after the host.</summary>
    public static VirtualHostConfig Host(string name, params string[] domains) =>
        Host(name, domains, Prefix("/", name));

    public static RouterConfig RouterOf(params VirtualHostConfig[] hosts) =>
        new() { RouterConfigName = "test", VirtualHosts = hosts };

    public static IRouteTable Compile(RouterConfig config, Func<int, int>? nextInt = null) =>
        RouteCompiler.Compile(config, nextInt ?? (static max => Random.Shared.Next(max)));

    public static HeaderMap Request(string? authority, string path = "/", string method = "GET", string scheme = "http")
    {
        var headers = new HeaderMap();
        headers.Add(PseudoHeaders.Method, method);
        headers.Add(PseudoHeaders.Scheme, scheme);
        headers.Add(PseudoHeaders.Path, path);
        if (authority is not null)
        {
            headers.Add(PseudoHeaders.Authority, authority);
        }

        return headers;
    }

    /// <summary>The cluster the table routes the request to, or null when nothing matches.</summary>
    public static string? ClusterFor(this IRouteTable table, HeaderMap request) =>
        table.Match(request)?.RouteRule?.SelectCluster(request);

    public static string[] Values(this HeaderMap headers, string name) =>
        [.. headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value)];
}
