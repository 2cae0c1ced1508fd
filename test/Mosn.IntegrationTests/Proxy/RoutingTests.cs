using System.Net;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Proxy;

public sealed class RoutingTests
{
    [Fact]
    public async Task Route_ByDomainPathAndHeader_ReachesTheRightBackend()
    {
        await using var a = await KestrelBackend.StartAsync("a");
        await using var b = await KestrelBackend.StartAsync("b");
        await using var c = await KestrelBackend.StartAsync("c");
        var vhosts = """
            [
              { "name": "api", "domains": ["api.example.com"], "routers": [
                  { "match": { "prefix": "/" }, "route": { "cluster_name": "b" } } ] },
              { "name": "wild", "domains": ["*.example.org"], "routers": [
                  { "match": { "prefix": "/" }, "route": { "cluster_name": "c" } } ] },
              { "name": "default", "domains": ["*"], "routers": [
                  { "match": { "prefix": "/", "headers": [ { "name": "x-canary", "value": "yes" } ] }, "route": { "cluster_name": "c" } },
                  { "match": { "path": "/exact" }, "route": { "cluster_name": "b" } },
                  { "match": { "regex": "/re/[0-9]+" }, "route": { "cluster_name": "c" } },
                  { "match": { "prefix": "/" }, "route": { "cluster_name": "a" } } ] }
            ]
            """;
        var clusters = $"[{Configs.Cluster("a", "LB_RANDOM", a.Address)}, {Configs.Cluster("b", "LB_RANDOM", b.Address)}, {Configs.Cluster("c", "LB_RANDOM", c.Address)}]";
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(vhosts, clusters));
        using var client = Clients.Create();
        var url = proxy.Url("proxy");

        async Task<string> Get(string path, string? host = null, string? canary = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, path));
            if (host is not null)
            {
                request.Headers.Host = host;
            }

            if (canary is not null)
            {
                request.Headers.Add("x-canary", canary);
            }

            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return response.Headers.GetValues("x-backend").Single();
        }

        Assert.Equal("b", await Get("/anything", host: "api.example.com"));
        Assert.Equal("b", await Get("/anything", host: "API.Example.com:8080"));
        Assert.Equal("c", await Get("/x", host: "shop.example.org"));
        Assert.Equal("a", await Get("/x", host: "example.org"));
        Assert.Equal("c", await Get("/x", canary: "yes"));
        Assert.Equal("a", await Get("/x", canary: "no"));
        Assert.Equal("b", await Get("/exact"));
        Assert.Equal("a", await Get("/exact/more"));
        Assert.Equal("c", await Get("/re/123"));
        Assert.Equal("a", await Get("/re/abc"));
    }

    [Fact]
    public async Task Route_NoMatch_Returns404()
    {
        await using var a = await KestrelBackend.StartAsync("a");
        var vhosts = """[{ "name": "v", "domains": ["*"], "routers": [{ "match": { "prefix": "/api" }, "route": { "cluster_name": "a" } }] }]""";
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(vhosts, $"[{Configs.Cluster("a", "LB_RANDOM", a.Address)}]"));
        using var client = Clients.Create();
        using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/other"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, a.Requests);
    }

    [Fact]
    public async Task Route_DirectResponseAndRedirect_AnsweredByProxy()
    {
        var vhosts = """
            [{ "name": "v", "domains": ["*"], "routers": [
              { "match": { "path": "/direct" }, "direct_response": { "status": 201, "body": "made here" } },
              { "match": { "prefix": "/old" }, "redirect": { "path_redirect": "/new", "response_code": 308 } }
            ] }]
            """;
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(vhosts, "[]"));
        using var client = Clients.Create();
        using var direct = await client.GetAsync(new Uri(proxy.Url("proxy"), "/direct"));
        Assert.Equal(HttpStatusCode.Created, direct.StatusCode);
        Assert.Equal("made here", await direct.Content.ReadAsStringAsync());
        using var redirect = await client.GetAsync(new Uri(proxy.Url("proxy"), "/old?q=1"));
        Assert.Equal((HttpStatusCode)308, redirect.StatusCode);
        var location = redirect.Headers.Location!.OriginalString;
        Assert.Contains("/new", location, StringComparison.Ordinal);
        Assert.DoesNotContain("/old", location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WeightedClusters_TwoClusters_SplitWithinTolerance()
    {
        await using var a = await KestrelBackend.StartAsync("a");
        await using var b = await KestrelBackend.StartAsync("b");
        var vhosts = """
            [{ "name": "v", "domains": ["*"], "routers": [{ "match": { "prefix": "/" }, "route": {
                "weighted_clusters": [ { "cluster": { "name": "a", "weight": 80 } }, { "cluster": { "name": "b", "weight": 20 } } ] } }] }]
            """;
        var clusters = $"[{Configs.Cluster("a", "LB_RANDOM", a.Address)}, {Configs.Cluster("b", "LB_RANDOM", b.Address)}]";
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(vhosts, clusters));
        using var client = Clients.Create();
        const int total = 1000;
        for (var i = 0; i < total; i++)
        {
            using var response = await client.GetAsync(new Uri(proxy.Url("proxy"), "/w"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // 80/20 split: the share of a is binomial(1000, 0.8), sd ~1.3%; accept ±5 percentage points.
        Assert.Equal(total, a.Requests + b.Requests);
        Assert.InRange(a.Requests, 750, 850);
    }

    [Fact]
    public async Task HeaderMutation_RouteAddsAndRemoves_BackendAndClientSeeIt()
    {
        await using var a = await KestrelBackend.StartAsync("a");
        var vhosts = """
            [{ "name": "v", "domains": ["*"], "routers": [{ "match": { "prefix": "/api" }, "route": {
                "cluster_name": "a", "prefix_rewrite": "/headers",
                "request_headers_to_add": [ { "header": { "key": "x-added", "value": "by-route" }, "append": false } ],
                "request_headers_to_remove": [ "x-secret" ],
                "response_headers_to_add": [ { "header": { "key": "x-resp", "value": "yes" } } ] } }] }]
            """;
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(vhosts, $"[{Configs.Cluster("a", "LB_RANDOM", a.Address)}]"));
        using var client = Clients.Create();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(proxy.Url("proxy"), "/api"));
        request.Headers.Add("x-secret", "s3cr3t");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("x-added: by-route", body, StringComparison.Ordinal);
        Assert.DoesNotContain("x-secret", body, StringComparison.Ordinal);
        Assert.Contains("x-forwarded-proto: http", body, StringComparison.Ordinal);
        Assert.Equal("yes", response.Headers.GetValues("x-resp").Single());
    }

    [Fact]
    public async Task ForwardedHeaders_DefaultAndUseRemoteAddress_AsEnvoy()
    {
        await using var a = await KestrelBackend.StartAsync("a");
        var clusters = $"[{Configs.Cluster("c", "LB_RANDOM", a.Address)}]";
        var vhosts = Configs.CatchAll("c");
        using var client = Clients.Create();

        await using (var plain = await ProxyInstance.StartAsync(Configs.Http1Proxy(vhosts, clusters)))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(plain.Url("proxy"), "/headers"));
            request.Headers.Add("x-forwarded-for", "203.0.113.7");
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("x-forwarded-for: 203.0.113.7\n", body, StringComparison.Ordinal);
            Assert.Contains("x-forwarded-proto: http", body, StringComparison.Ordinal);
        }

        await using var edge = await ProxyInstance.StartAsync(Configs.Http1Proxy(vhosts, clusters, extraProxyConfig: ", \"use_remote_address\": true"));
        using var edgeRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(edge.Url("proxy"), "/headers"));
        edgeRequest.Headers.Add("x-forwarded-for", "203.0.113.7");
        edgeRequest.Headers.Add("x-forwarded-proto", "https");
        using var edgeResponse = await client.SendAsync(edgeRequest);
        var edgeBody = await edgeResponse.Content.ReadAsStringAsync();
        Assert.Contains("x-forwarded-for: 203.0.113.7, 127.0.0.1", edgeBody, StringComparison.Ordinal);
        Assert.Contains("x-forwarded-proto: http\n", edgeBody, StringComparison.Ordinal);
    }
}
