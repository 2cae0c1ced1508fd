using Mosn.Abstractions.Config;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Router;
using Mosn.Streams;
using static Mosn.Router.Tests.TestConfigs;

namespace Mosn.Router.Tests;

public class RouteRuleTests
{
    private static RouteRule RuleFor(RouteActionConfig action, RouteMatchConfig? match = null, Func<int, int>? nextInt = null)
    {
        var route = new RouteConfig { Match = match ?? new RouteMatchConfig { Prefix = "/" }, Route = action };
        var table = Compile(RouterOf(Host("h", ["*"], route)), nextInt);
        return Assert.IsType<RouteRule>(table.Match(Request("a", (match?.Prefix ?? match?.Path) ?? "/"))?.RouteRule);
    }

    private static HeaderValueOption Add(string key, string value, bool append = true) => new() { Key = key, Value = value, Append = append };

    [Fact]
    public void SelectCluster_ClusterName_ReturnsIt()
    {
        Assert.Equal("c", RuleFor(new RouteActionConfig { ClusterName = "c" }).SelectCluster(Request("a")));
    }

    [Fact]
    public void SelectCluster_ClusterHeader_ReturnsHeaderValueOrEmpty()
    {
        var rule = RuleFor(new RouteActionConfig { ClusterHeader = "x-cluster" });
        var request = Request("a");
        request.Add("X-Cluster", "dynamic");
        var empty = Request("a");
        empty.Add("x-cluster", "");

        Assert.Equal("dynamic", rule.SelectCluster(request));
        Assert.Equal("", rule.SelectCluster(Request("a")));
        Assert.Equal("", rule.SelectCluster(empty));
    }

    [Fact]
    public void SelectCluster_Weighted_SplitsInProportionToWeight()
    {
        // Weights 10/30/60 (and a zero-weight cluster that must never be picked) over 10,000 seeded picks.
        var random = new Random(12345);
        var rule = RuleFor(
            new RouteActionConfig
            {
                WeightedClusters =
                [
                    new WeightedClusterConfig { Name = "a", Weight = 10 },
                    new WeightedClusterConfig { Name = "zero", Weight = 0 },
                    new WeightedClusterConfig { Name = "b", Weight = 30 },
                    new WeightedClusterConfig { Name = "c", Weight = 60 },
                ],
            },
            nextInt: random.Next);
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < 10_000; i++)
        {
            var cluster = rule.SelectCluster(Request("a"));
            counts[cluster] = counts.GetValueOrDefault(cluster) + 1;
        }

        // Tolerance: ±3 percentage points of the share (the binomial standard deviation is below 0.5 point).
        Assert.InRange(counts.GetValueOrDefault("a"), 700, 1300);
        Assert.InRange(counts.GetValueOrDefault("b"), 2700, 3300);
        Assert.InRange(counts.GetValueOrDefault("c"), 5700, 6300);
        Assert.False(counts.ContainsKey("zero"));
    }

    [Fact]
    public void SelectCluster_Weighted_TicketBoundariesMapToClusters()
    {
        var ticket = 0;
        var rule = RuleFor(
            new RouteActionConfig
            {
                WeightedClusters =
                [
                    new WeightedClusterConfig { Name = "a", Weight = 2 },
                    new WeightedClusterConfig { Name = "z", Weight = 0 },
                    new WeightedClusterConfig { Name = "b", Weight = 1 },
                ],
            },
            nextInt: max =>
            {
                Assert.Equal(3, max);
                return ticket;
            });

        string[] picks = [.. Enumerable.Range(0, 3).Select(t => { ticket = t; return rule.SelectCluster(Request("a")); })];

        Assert.Equal(["a", "a", "b"], picks);
    }

    [Fact]
    public void SelectCluster_WeightedWinsOverClusterName()
    {
        var rule = RuleFor(new RouteActionConfig { ClusterName = "named", WeightedClusters = [new WeightedClusterConfig { Name = "w", Weight = 1 }] });

        Assert.Equal("w", rule.SelectCluster(Request("a")));
    }

    [Fact]
    public void GetMetadataMatch_WeightedCluster_OverlaysRouteMetadata()
    {
        var rule = RuleFor(new RouteActionConfig
        {
            MetadataMatch = new Dictionary<string, string> { ["zone"] = "a", ["version"] = "1" },
            WeightedClusters =
            [
                new WeightedClusterConfig { Name = "v2", Weight = 1, MetadataMatch = new Dictionary<string, string> { ["version"] = "2" } },
                new WeightedClusterConfig { Name = "plain", Weight = 1 },
            ],
        });

        Assert.Equal(new Dictionary<string, string> { ["zone"] = "a", ["version"] = "2" }, rule.GetMetadataMatch("v2"));
        Assert.Equal(new Dictionary<string, string> { ["zone"] = "a", ["version"] = "1" }, rule.GetMetadataMatch("plain"));
        Assert.Equal(rule.MetadataMatch, rule.GetMetadataMatch("unknown"));
    }

    [Fact]
    public void Properties_MapFromConfig()
    {
        var rule = RuleFor(new RouteActionConfig
        {
            ClusterName = "c",
            Timeout = TimeSpan.FromSeconds(3),
            UpstreamProtocol = "Http2",
            MetadataMatch = new Dictionary<string, string> { ["k"] = "v" },
            RetryPolicy = new RetryPolicyConfig { RetryOn = true, NumRetries = 2, RetryTimeout = TimeSpan.FromSeconds(1), StatusCodes = [503] },
            AutoHostRewrite = true,
        });

        Assert.Equal(TimeSpan.FromSeconds(3), rule.Timeout);
        Assert.Equal("Http2", rule.UpstreamProtocol);
        Assert.Equal("v", rule.MetadataMatch!["k"]);
        Assert.True(rule.AutoHostRewrite);
        Assert.NotNull(rule.RetryPolicy);
        Assert.True(rule.RetryPolicy.RetryOn);
        Assert.Equal(2, rule.RetryPolicy.NumRetries);
        Assert.Equal(TimeSpan.FromSeconds(1), rule.RetryPolicy.PerTryTimeout);
        Assert.Equal([503], rule.RetryPolicy.StatusCodes);
    }

    [Fact]
    public void Properties_Unset_AreNull()
    {
        var rule = RuleFor(new RouteActionConfig { ClusterName = "c", Timeout = TimeSpan.Zero, UpstreamProtocol = "" });

        Assert.Null(rule.Timeout);
        Assert.Null(rule.RetryPolicy);
        Assert.Null(rule.UpstreamProtocol);
        Assert.Null(rule.MetadataMatch);
        Assert.False(rule.AutoHostRewrite);
    }

    [Fact]
    public void FinalizeRequestHeaders_ThreeLevels_AppliedRouterThenVirtualHostThenRoute()
    {
        var route = new RouteConfig
        {
            Match = new RouteMatchConfig { Prefix = "/" },
            RequestHeadersToAdd = [Add("x-level", "route", append: false), Add("x-trail", "route")],
            Route = new RouteActionConfig { ClusterName = "c", RequestHeadersToAdd = [Add("x-action", "1")] },
        };
        var vhost = Host("h", ["*"], route) with
        {
            RequestHeadersToAdd = [Add("x-level", "vhost", append: false), Add("x-trail", "vhost"), Add("x-vhost-only", "v", append: false)],
        };
        var config = RouterOf(vhost) with
        {
            RequestHeadersToAdd = [Add("x-level", "router", append: false), Add("x-trail", "router"), Add("x-router-only", "r")],
        };
        var table = Compile(config);
        var request = Request("a", "/x");
        request.Add("x-trail", "client");
        request.Add("x-vhost-only", "client");

        var rule = table.Match(request)!.RouteRule!;
        rule.FinalizeRequestHeaders(request);

        // append:false at the most specific level wins; append:true accumulates from least to most specific.
        Assert.Equal(["route"], request.Values("x-level"));
        Assert.Equal(["client", "router", "vhost", "route"], request.Values("x-trail"));
        Assert.Equal(["v"], request.Values("x-vhost-only"));
        Assert.Equal(["r"], request.Values("x-router-only"));
        Assert.Equal(["1"], request.Values("x-action"));
    }

    [Fact]
    public void FinalizeRequestHeaders_RemoveRunsBeforeAddAtEachLevel()
    {
        var route = new RouteConfig
        {
            Match = new RouteMatchConfig { Prefix = "/" },
            RequestHeadersToRemove = ["x-secret", "x-router-added"],
            Route = new RouteActionConfig { ClusterName = "c" },
        };
        var vhost = Host("h", ["*"], route) with
        {
            RequestHeadersToRemove = ["x-replaced"],
            RequestHeadersToAdd = [Add("x-replaced", "new")],
        };
        var config = RouterOf(vhost) with { RequestHeadersToAdd = [Add("x-router-added", "r")] };
        var request = Request("a", "/");
        request.Add("X-Secret", "1");
        request.Add("x-replaced", "old");

        Compile(config).Match(request)!.RouteRule!.FinalizeRequestHeaders(request);

        Assert.Empty(request.Values("x-secret"));
        Assert.Empty(request.Values("x-router-added"));
        Assert.Equal(["new"], request.Values("x-replaced"));
    }

    [Fact]
    public void FinalizeResponseHeaders_ThreeLevels_MostSpecificWins()
    {
        var route = new RouteConfig
        {
            Match = new RouteMatchConfig { Prefix = "/" },
            Route = new RouteActionConfig
            {
                ClusterName = "c",
                ResponseHeadersToAdd = [Add("x-served-by", "route", append: false)],
                ResponseHeadersToRemove = ["server"],
            },
        };
        var vhost = Host("h", ["*"], route) with { ResponseHeadersToAdd = [Add("x-served-by", "vhost", append: false), Add("x-v", "1")] };
        var config = RouterOf(vhost) with { ResponseHeadersToAdd = [Add("x-served-by", "router", append: false)], ResponseHeadersToRemove = ["x-internal"] };
        var response = new HeaderMap();
        response.Add(PseudoHeaders.Status, "200");
        response.Add("server", "upstream");
        response.Add("x-internal", "1");

        Compile(config).Match(Request("a"))!.RouteRule!.FinalizeResponseHeaders(response);

        Assert.Equal(["route"], response.Values("x-served-by"));
        Assert.Equal(["1"], response.Values("x-v"));
        Assert.Empty(response.Values("server"));
        Assert.Empty(response.Values("x-internal"));
        Assert.Equal("200", response.Get(PseudoHeaders.Status));
    }

    [Theory]
    [InlineData("/api/users?id=1", "/v2/users?id=1")]
    [InlineData("/api", "/v2")]
    [InlineData("/apiary?x", "/v2ary?x")]
    public void FinalizeRequestHeaders_PrefixRewrite_ReplacesMatchedPrefixKeepsQuery(string path, string expected)
    {
        var rule = RuleFor(new RouteActionConfig { ClusterName = "c", PrefixRewrite = "/v2" }, new RouteMatchConfig { Prefix = "/api" });
        var request = Request("a", path);

        rule.FinalizeRequestHeaders(request);

        Assert.Equal(expected, request.Get(PseudoHeaders.Path));
    }

    [Fact]
    public void FinalizeRequestHeaders_PrefixRewriteCaseInsensitive_ReplacesMatchedLength()
    {
        var rule = RuleFor(new RouteActionConfig { ClusterName = "c", PrefixRewrite = "/" }, new RouteMatchConfig { Prefix = "/api/", CaseSensitive = false });
        var request = Request("a", "/API/Users?x=1");

        rule.FinalizeRequestHeaders(request);

        Assert.Equal("/Users?x=1", request.Get(PseudoHeaders.Path));
    }

    [Fact]
    public void FinalizeRequestHeaders_PrefixRewriteOnExactPath_ReplacesWholePath()
    {
        var rule = RuleFor(new RouteActionConfig { ClusterName = "c", PrefixRewrite = "/status" }, new RouteMatchConfig { Path = "/health" });
        var request = Request("a", "/health?full=1");

        rule.FinalizeRequestHeaders(request);

        Assert.Equal("/status?full=1", request.Get(PseudoHeaders.Path));
    }

    [Fact]
    public void FinalizeRequestHeaders_RegexRewrite_RewritesPathKeepsQuery()
    {
        var rule = RuleFor(new RouteActionConfig
        {
            ClusterName = "c",
            RegexRewrite = new RegexRewriteConfig { Pattern = @"^/service/([^/]+)(/.*)$", Substitution = "$2/instance/$1" },
        });
        var request = Request("a", "/service/foo/v1/api?q=/service/x/y");

        rule.FinalizeRequestHeaders(request);

        Assert.Equal("/v1/api/instance/foo?q=/service/x/y", request.Get(PseudoHeaders.Path));
    }

    [Fact]
    public void FinalizeRequestHeaders_RegexRewrite_ReplacesEveryMatch()
    {
        var rule = RuleFor(new RouteActionConfig
        {
            ClusterName = "c",
            RegexRewrite = new RegexRewriteConfig { Pattern = "-", Substitution = "_" },
        });
        var request = Request("a", "/a-b-c?x-y");

        rule.FinalizeRequestHeaders(request);

        Assert.Equal("/a_b_c?x-y", request.Get(PseudoHeaders.Path));
    }

    [Fact]
    public void FinalizeRequestHeaders_HostRewrite_SetsAuthority()
    {
        var rule = RuleFor(new RouteActionConfig { ClusterName = "c", HostRewrite = "backend.internal" });
        var request = Request("www.foo.com:8080");

        rule.FinalizeRequestHeaders(request);

        Assert.Equal("backend.internal", request.Get(PseudoHeaders.Authority));
        Assert.Equal("backend.internal", rule.HostRewrite);
    }

    [Fact]
    public void FinalizeRequestHeaders_NothingConfigured_LeavesRequestUnchanged()
    {
        IRouteRule rule = RuleFor(new RouteActionConfig { ClusterName = "c" });
        var request = Request("a", "/x?y");
        var before = request.ToArray();

        rule.FinalizeRequestHeaders(request);

        Assert.Equal(before, request.ToArray());
    }

    [Fact]
    public void HashPolicy_Configured_CarriedInOrderThroughTheContract()
    {
        HashPolicyConfig[] policies =
        [
            new() { Type = HashPolicyType.Header, Name = "x-user" },
            new() { Type = HashPolicyType.SourceIp },
        ];
        IRouteRule rule = RuleFor(new RouteActionConfig { ClusterName = "c", HashPolicy = policies });

        Assert.Equal(policies, rule.HashPolicy);
        Assert.Empty(((IRouteRule)RuleFor(new RouteActionConfig { ClusterName = "c" })).HashPolicy);
    }

    [Fact]
    public void GetMetadataMatch_ThroughTheContract_RouteCriteriaOrWeightedClustersOwn()
    {
        var route = new Dictionary<string, string> { ["version"] = "v1" };
        IRouteRule plain = RuleFor(new RouteActionConfig { ClusterName = "c", MetadataMatch = route });
        IRouteRule weighted = RuleFor(new RouteActionConfig
        {
            WeightedClusters = [new WeightedClusterConfig { Name = "w", Weight = 1, MetadataMatch = new Dictionary<string, string> { ["zone"] = "a" } }],
        });

        Assert.Equal(route, plain.GetMetadataMatch("c"));
        Assert.Equal(new Dictionary<string, string> { ["zone"] = "a" }, weighted.GetMetadataMatch("w"));
    }
}
