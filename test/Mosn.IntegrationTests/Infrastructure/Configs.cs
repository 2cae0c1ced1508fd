namespace Mosn.IntegrationTests.Infrastructure;

/// <summary>Builds MOSN JSON configs for tests (listeners on port 0).</summary>
public static class Configs
{
    /// <summary>One HTTP/1 proxy listener named "proxy" on 127.0.0.1:0 with the given routers and clusters JSON.</summary>
    public static string Http1Proxy(string virtualHostsJson, string clustersJson, string streamFiltersJson = "[]", string extraProxyConfig = "") =>
        Proxy("Http1", "Http1", virtualHostsJson, clustersJson, streamFiltersJson, extraProxyConfig);

    /// <summary>
    /// One proxy listener named "proxy" on 127.0.0.1:0 speaking <paramref name="downstreamProtocol"/> to clients
    /// ("Http1", "Http2" or "Auto") and <paramref name="upstreamProtocol"/> to the clusters ("Http1", "Http2", or
    /// "Auto": whatever the downstream connection speaks).
    /// </summary>
    public static string Proxy(string downstreamProtocol, string upstreamProtocol, string virtualHostsJson, string clustersJson, string streamFiltersJson = "[]", string extraProxyConfig = "") => $$"""
        {
          "servers": [{
            "default_log_level": "WARN",
            "graceful_timeout": "5s",
            "routers": [{ "router_config_name": "r", "virtual_hosts": {{virtualHostsJson}} }],
            "listeners": [{
              "name": "proxy",
              "address": "127.0.0.1:0",
              "bind_port": true,
              "stream_filters": {{streamFiltersJson}},
              "filter_chains": [{ "filters": [{ "type": "proxy", "config": { "downstream_protocol": "{{downstreamProtocol}}", "upstream_protocol": "{{upstreamProtocol}}", "router_config_name": "r" {{extraProxyConfig}} } }] }]
            }]
          }],
          "cluster_manager": { "clusters": {{clustersJson}} }
        }
        """;

    /// <summary>A SIMPLE cluster JSON object.</summary>
    public static string Cluster(string name, string lbType = "LB_ROUNDROBIN", params string[] addresses) =>
        $$"""{ "name": "{{name}}", "type": "SIMPLE", "lb_type": "{{lbType}}", "connect_timeout": "2s", "hosts": [{{string.Join(", ", addresses.Select(a => $"{{\"address\": \"{a}\"}}"))}}] }""";

    /// <summary>A catch-all virtual host routing everything to <paramref name="cluster"/>.</summary>
    public static string CatchAll(string cluster, string routeExtra = "") =>
        $$"""[{ "name": "all", "domains": ["*"], "routers": [{ "match": { "prefix": "/" }, "route": { "cluster_name": "{{cluster}}" {{routeExtra}} } }] }]""";

    /// <summary>A virtual host that only matches <paramref name="domain"/> (requests for other hosts find no route: 404).</summary>
    public static string OnlyDomain(string domain, string cluster) =>
        $$"""[{ "name": "only", "domains": ["{{domain}}"], "routers": [{ "match": { "prefix": "/" }, "route": { "cluster_name": "{{cluster}}" } }] }]""";

    /// <summary>An address on which nothing listens (connections are refused).</summary>
    public static string RefusedAddress()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return $"127.0.0.1:{port}";
    }
}
