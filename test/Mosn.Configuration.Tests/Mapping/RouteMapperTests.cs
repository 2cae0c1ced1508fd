using System.Text.Json.Nodes;
using Mosn.Abstractions.Config;

namespace Mosn.Configuration.Tests.Mapping;

public sealed class RouteMapperTests
{
    private const string R = "servers[0].routers[0].virtual_hosts[0].routers[0]";

    private static (ConfigLoadResult Result, RouteConfig? Route) LoadRoute(string routeJson)
    {
        var root = TestConfigs.Base();
        root["cluster_manager"]!["clusters"]!.AsArray().Add(JsonNode.Parse("""{"name": "c2", "hosts": [{"address": "127.0.0.1:2"}]}"""));
        TestConfigs.Server(root)["routers"]![0]!["virtual_hosts"]![0]!["routers"] = new JsonArray(JsonNode.Parse(routeJson));
        var result = TestConfigs.Load(root);
        return (result, result.Config?.Servers[0].Routers[0].VirtualHosts[0].Routers[0]);
    }

    private static RouteConfig LoadValidRoute(string routeJson)
    {
        var (result, route) = LoadRoute(routeJson);
        Assert.True(result.Succeeded, ConfigFormatter.Format(result.Diagnostics));
        return route!;
    }

    [Fact]
    public void Map_FullRouteAction_MapsEveryField()
    {
        var route = LoadValidRoute("""
            {
              "match": {"path": "/exact", "case_sensitive": false, "headers": [{"name": ":method", "value": "GET|POST", "regex": true}]},
              "route": {
                "cluster_name": "c1",
                "upstream_protocol": "Http2",
                "metadata_match": {"filter_metadata": {"mosn.lb": {"version": "v2"}}},
                "timeout": "1.5s",
                "retry_policy": {"retry_on": true, "retry_timeout": "500ms", "num_retries": 3, "status_codes": [502, 503]},
                "prefix_rewrite": "/new",
                "regex_rewrite": {"pattern": {"regex": "^/a/(.*)$"}, "substitution": "/b/$1"},
                "host_rewrite": "example.com",
                "auto_host_rewrite": true,
                "request_headers_to_add": [{"header": {"key": "x-a", "value": "1"}, "append": false}, {"header": {"key": "x-b", "value": "2"}}],
                "request_headers_to_remove": ["x-drop"],
                "response_headers_to_add": [{"header": {"key": "x-resp", "value": "r"}}],
                "response_headers_to_remove": ["server"]
              },
              "request_headers_to_add": [{"header": {"key": "x-route", "value": "y"}}]
            }
            """);

        Assert.Equal(R, route.JsonPath);
        Assert.Equal(("/exact", false), (route.Match.Path, route.Match.CaseSensitive));
        var header = Assert.Single(route.Match.Headers);
        Assert.Equal((":method", "GET|POST", true), (header.Name, header.Value, header.Regex));
        var action = route.Route!;
        Assert.Equal(("c1", "Http2"), (action.ClusterName, action.UpstreamProtocol));
        Assert.Equal(new Dictionary<string, string> { ["version"] = "v2" }, action.MetadataMatch);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), action.Timeout);
        Assert.Equal(new RetryPolicyConfig { RetryOn = true, RetryTimeout = TimeSpan.FromMilliseconds(500), NumRetries = 3, StatusCodes = action.RetryPolicy!.StatusCodes }, action.RetryPolicy);
        Assert.Equal([502, 503], action.RetryPolicy.StatusCodes);
        Assert.Equal("/new", action.PrefixRewrite);
        Assert.Equal(new RegexRewriteConfig { Pattern = "^/a/(.*)$", Substitution = "/b/$1" }, action.RegexRewrite);
        Assert.Equal(("example.com", true), (action.HostRewrite, action.AutoHostRewrite));
        Assert.Equal(
            [new HeaderValueOption { Key = "x-a", Value = "1", Append = false }, new HeaderValueOption { Key = "x-b", Value = "2", Append = true }],
            action.RequestHeadersToAdd);
        Assert.Equal(["x-drop"], action.RequestHeadersToRemove);
        Assert.Equal("x-resp", Assert.Single(action.ResponseHeadersToAdd).Key);
        Assert.Equal(["server"], action.ResponseHeadersToRemove);
        Assert.Equal("x-route", Assert.Single(route.RequestHeadersToAdd).Key);
    }

    [Fact]
    public void Map_RetryBackOff_MapsBaseAndMax()
    {
        var route = LoadValidRoute("""
            {"match": {"prefix": "/"}, "route": {"cluster_name": "c1",
              "retry_policy": {"retry_on": true, "num_retries": 2, "retry_back_off": {"base_interval": "10ms", "max_interval": "1s"}}}}
            """);

        Assert.Equal((TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1)), (route.Route!.RetryPolicy!.BackOffBase, route.Route.RetryPolicy.BackOffMax));
    }

    [Fact]
    public void Map_WeightedClusters_MapNameWeightAndMetadata()
    {
        var route = LoadValidRoute("""
            {"match": {"prefix": "/"}, "route": {"weighted_clusters": [
              {"cluster": {"name": "c1", "weight": 90}},
              {"cluster": {"name": "c2", "weight": 10, "metadata_match": {"filter_metadata": {"mosn.lb": {"label": "gray"}}}}}
            ]}}
            """);

        var weighted = route.Route!.WeightedClusters;
        Assert.Equal(2, weighted.Count);
        Assert.Equal(("c1", 90), (weighted[0].Name, weighted[0].Weight));
        Assert.Null(weighted[0].MetadataMatch);
        Assert.Equal(("c2", 10), (weighted[1].Name, weighted[1].Weight));
        Assert.Equal(new Dictionary<string, string> { ["label"] = "gray" }, weighted[1].MetadataMatch);
    }

    [Fact]
    public void Map_ClusterHeader_IsAnAction()
    {
        var route = LoadValidRoute("""{"match": {"regex": "^/api/.*"}, "route": {"cluster_header": "x-cluster"}}""");

        Assert.Equal(("^/api/.*", "x-cluster"), (route.Match.Regex, route.Route!.ClusterHeader));
    }

    [Fact]
    public void Map_DirectResponse_MapsStatusAndBody()
    {
        var route = LoadValidRoute("""{"match": {"prefix": "/"}, "direct_response": {"status": 503, "body": "down"}}""");

        Assert.Null(route.Route);
        Assert.Equal(new DirectResponseConfig { Status = 503, Body = "down" }, route.DirectResponse);
    }

    [Fact]
    public void Map_Redirect_MapsAllFieldsAndDefaultsTo301()
    {
        var route = LoadValidRoute("""{"match": {"prefix": "/"}, "redirect": {"path_redirect": "/p", "host_redirect": "h", "scheme_redirect": "https"}}""");

        Assert.Equal(new RedirectConfig { ResponseCode = 301, PathRedirect = "/p", HostRedirect = "h", SchemeRedirect = "https" }, route.Redirect);
    }

    [Fact]
    public void Map_RedirectCode_IsKept()
    {
        Assert.Equal(308, LoadValidRoute("""{"match": {"prefix": "/"}, "redirect": {"response_code": 308}}""").Redirect!.ResponseCode);
    }

    [Theory]
    [InlineData("""{"match": {"prefix": "/"}}""", "found: none")]
    [InlineData("""{"match": {"prefix": "/"}, "route": {"cluster_name": "c1"}, "direct_response": {"status": 200}}""", "found: route, direct_response")]
    public void Map_NotExactlyOneAction_IsError(string json, string message)
    {
        TestConfigs.AssertError(LoadRoute(json).Result, R, message);
    }

    [Theory]
    [InlineData("""{"cluster_name": "c1", "cluster_header": "x"}""", "found: cluster_name, cluster_header")]
    [InlineData("""{"timeout": "1s"}""", "found: none")]
    public void Map_NotExactlyOneTarget_IsError(string action, string message)
    {
        TestConfigs.AssertError(LoadRoute($$$"""{"match": {"prefix": "/"}, "route": {{{action}}}}""").Result, $"{R}.route", message);
    }

    [Fact]
    public void Map_TwoPathMatchers_IsError()
    {
        TestConfigs.AssertError(
            LoadRoute("""{"match": {"prefix": "/", "path": "/x"}, "route": {"cluster_name": "c1"}}""").Result,
            $"{R}.match",
            "at most one of \"prefix\", \"path\" and \"regex\"");
    }

    [Fact]
    public void Map_EmptyMatch_IsError()
    {
        TestConfigs.AssertError(LoadRoute("""{"match": {}, "route": {"cluster_name": "c1"}}""").Result, $"{R}.match", "needs one of");
    }

    [Fact]
    public void Map_VariablesMatch_IsNotSupported()
    {
        TestConfigs.AssertError(
            LoadRoute("""{"match": {"variables": [{"name": "x", "value": "y"}]}, "route": {"cluster_name": "c1"}}""").Result,
            $"{R}.match.variables",
            "not supported yet");
    }

    [Theory]
    [InlineData("""{"match": {"regex": "(unclosed"}, "route": {"cluster_name": "c1"}}""", ".match.regex")]
    [InlineData("""{"match": {"headers": [{"name": "x", "value": "[", "regex": true}]}, "route": {"cluster_name": "c1"}}""", ".match.headers[0].value")]
    [InlineData("""{"match": {"prefix": "/"}, "route": {"cluster_name": "c1", "regex_rewrite": {"pattern": {"regex": "*"}, "substitution": "x"}}}""", ".route.regex_rewrite.pattern.regex")]
    public void Map_BadRegex_IsError(string json, string pathSuffix)
    {
        TestConfigs.AssertError(LoadRoute(json).Result, R + pathSuffix, "invalid regular expression");
    }

    [Theory]
    [InlineData(99)]
    [InlineData(600)]
    public void Map_DirectResponseStatusOutOfRange_IsError(int status)
    {
        TestConfigs.AssertError(
            LoadRoute($$$"""{"match": {"prefix": "/"}, "direct_response": {"status": {{{status}}}}}""").Result,
            $"{R}.direct_response.status",
            "from 100 to 599");
    }

    [Fact]
    public void Map_DirectResponseWithoutStatus_IsError()
    {
        TestConfigs.AssertError(LoadRoute("""{"match": {"prefix": "/"}, "direct_response": {"body": "x"}}""").Result, $"{R}.direct_response.status", "needs a \"status\"");
    }

    [Fact]
    public void Map_BadRedirectCode_IsError()
    {
        TestConfigs.AssertError(
            LoadRoute("""{"match": {"prefix": "/"}, "redirect": {"response_code": 304}}""").Result,
            $"{R}.redirect.response_code",
            "one of 301, 302, 303, 307 or 308");
    }

    [Fact]
    public void Map_ZeroWeight_IsError()
    {
        TestConfigs.AssertError(
            LoadRoute("""{"match": {"prefix": "/"}, "route": {"weighted_clusters": [{"cluster": {"name": "c1", "weight": 0}}]}}""").Result,
            $"{R}.route.weighted_clusters[0].cluster.weight",
            "from 1 to");
    }

    [Fact]
    public void Map_NumericDuration_IsErrorUnlessZero()
    {
        var (bad, _) = LoadRoute("""{"match": {"prefix": "/"}, "route": {"cluster_name": "c1", "timeout": 10}}""");
        TestConfigs.AssertError(bad, $"{R}.route.timeout", "a number needs a unit");

        var zero = LoadValidRoute("""{"match": {"prefix": "/"}, "route": {"cluster_name": "c1", "timeout": 0}}""");
        Assert.Equal(TimeSpan.Zero, zero.Route!.Timeout);
    }

    [Fact]
    public void Map_NegativeDuration_IsError()
    {
        TestConfigs.AssertError(
            LoadRoute("""{"match": {"prefix": "/"}, "route": {"cluster_name": "c1", "timeout": "-1s"}}""").Result,
            $"{R}.route.timeout",
            "must not be negative");
    }

    [Fact]
    public void Map_HeaderToAddWithoutKey_IsError()
    {
        TestConfigs.AssertError(
            LoadRoute("""{"match": {"prefix": "/"}, "route": {"cluster_name": "c1", "request_headers_to_add": [{"header": {"value": "v"}}]}}""").Result,
            $"{R}.route.request_headers_to_add[0].header.key",
            "non-empty \"header.key\"");
    }

    [Fact]
    public void Map_IgnoredRouteKeys_AreWarned()
    {
        var (result, _) = LoadRoute("""{"match": {"prefix": "/"}, "route": {"cluster_name": "c1", "auto_host_rewrite_header": "x-host"}, "per_filter_config": {}}""");

        Assert.True(result.Succeeded);
        TestConfigs.AssertWarning(result, $"{R}.route.auto_host_rewrite_header", "ignored: not supported by Mosn.NET yet");
        TestConfigs.AssertWarning(result, $"{R}.per_filter_config", "ignored: not supported by Mosn.NET yet");
    }

    [Fact]
    public void Map_MetadataWithNonStringValue_DropsItWithWarning()
    {
        var (result, route) = LoadRoute("""{"match": {"prefix": "/"}, "route": {"cluster_name": "c1", "metadata_match": {"filter_metadata": {"mosn.lb": {"a": "1", "b": 2}}}}}""");

        Assert.True(result.Succeeded);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, route!.Route!.MetadataMatch);
        TestConfigs.AssertWarning(result, $"{R}.route.metadata_match.filter_metadata[\"mosn.lb\"].b", "must be strings");
    }
}
