using Mosn.Abstractions.Config;
using static Mosn.Router.Tests.TestConfigs;

namespace Mosn.Router.Tests;

public class RouteTableTests
{
    [Theory]
    [InlineData("/api/users", "api")]
    [InlineData("/api", "api")]
    [InlineData("/api?x=/static", "api")]
    [InlineData("/apiary", "api")]
    [InlineData("/API/users", "root")]
    [InlineData("/other", "root")]
    public void Match_Prefix_IsOrdinalStartsWith(string path, string expected)
    {
        var table = Compile(RouterOf(Host("h", ["*"], Prefix("/api", "api"), Prefix("/", "root"))));

        Assert.Equal(expected, table.ClusterFor(Request("a", path)));
    }

    [Fact]
    public void Match_PrefixCaseInsensitive_IgnoresAsciiCase()
    {
        var route = new RouteConfig
        {
            Match = new RouteMatchConfig { Prefix = "/Api", CaseSensitive = false },
            Route = new RouteActionConfig { ClusterName = "api" },
        };
        var table = Compile(RouterOf(Host("h", ["*"], route)));

        Assert.Equal("api", table.ClusterFor(Request("a", "/API/x")));
        Assert.Equal("api", table.ClusterFor(Request("a", "/api")));
        Assert.Null(table.Match(Request("a", "/ap")));
    }

    [Theory]
    [InlineData("/health", true)]
    [InlineData("/health?verbose=1", true)]
    [InlineData("/health#frag", true)]
    [InlineData("/health/", false)]
    [InlineData("/healthz", false)]
    [InlineData("/HEALTH", false)]
    public void Match_Path_IsExactWithoutQuery(string path, bool matches)
    {
        var table = Compile(RouterOf(Host("h", ["*"], Path("/health", "health"))));

        Assert.Equal(matches, table.Match(Request("a", path)) is not null);
    }

    [Theory]
    [InlineData("/users/42", true)]
    [InlineData("/users/42?q=abc", true)]
    [InlineData("/users/abc", false)]
    [InlineData("/v1/users/42", false)]
    [InlineData("/users/42/x", false)]
    public void Match_Regex_MustMatchWholePath(string path, bool matches)
    {
        var table = Compile(RouterOf(Host("h", ["*"], Regex(@"/users/\d+", "users"))));

        Assert.Equal(matches, table.Match(Request("a", path)) is not null);
    }

    [Fact]
    public void Match_RegexWithAlternation_AnchorsWholeExpression()
    {
        var table = Compile(RouterOf(Host("h", ["*"], Regex("/a|/b", "ab"))));

        Assert.NotNull(table.Match(Request("x", "/a")));
        Assert.NotNull(table.Match(Request("x", "/b")));
        Assert.Null(table.Match(Request("x", "/a/b")));
        Assert.Null(table.Match(Request("x", "/bb")));
    }

    [Fact]
    public void Match_HeadersOnly_IsRpcRuleMatchingAnyPath()
    {
        var table = Compile(RouterOf(Host("h", ["*"],
            HeaderRoute("svc", new HeaderMatcherConfig { Name = "service", Value = "com.alipay.Echo:1.0" }))));
        var request = Request(null, "/anything/at/all");
        request.Add("service", "com.alipay.Echo:1.0");

        Assert.Equal("svc", table.ClusterFor(request));
        Assert.Null(table.Match(Request(null, "/anything")));
    }

    [Fact]
    public void Match_HeaderExact_IsCaseSensitiveOnValue()
    {
        var table = Compile(RouterOf(Host("h", ["*"], HeaderRoute("get", new HeaderMatcherConfig { Name = ":method", Value = "GET" }))));

        Assert.NotNull(table.Match(Request("a", "/", method: "GET")));
        Assert.Null(table.Match(Request("a", "/", method: "get")));
        Assert.Null(table.Match(Request("a", "/", method: "POST")));
    }

    [Fact]
    public void Match_HeaderRegex_FullMatch()
    {
        var table = Compile(RouterOf(Host("h", ["*"],
            HeaderRoute("v", new HeaderMatcherConfig { Name = "x-version", Value = "v[12]", Regex = true }))));

        foreach (var (value, matches) in new[] { ("v1", true), ("v2", true), ("v3", false), ("v12", false), ("xv1", false) })
        {
            var request = Request("a");
            request.Add("x-version", value);
            Assert.Equal(matches, table.Match(request) is not null);
        }
    }

    [Fact]
    public void Match_PathAndHeaders_AllMustMatch()
    {
        var route = new RouteConfig
        {
            Match = new RouteMatchConfig
            {
                Prefix = "/api",
                Headers =
                [
                    new HeaderMatcherConfig { Name = ":method", Value = "POST" },
                    new HeaderMatcherConfig { Name = "x-tenant", Value = "blue" },
                ],
            },
            Route = new RouteActionConfig { ClusterName = "blue" },
        };
        var table = Compile(RouterOf(Host("h", ["*"], route, Prefix("/", "fallback"))));

        var all = Request("a", "/api/x", method: "POST");
        all.Add("X-Tenant", "blue");
        var wrongMethod = Request("a", "/api/x", method: "GET");
        wrongMethod.Add("x-tenant", "blue");
        var wrongPath = Request("a", "/x", method: "POST");
        wrongPath.Add("x-tenant", "blue");

        Assert.Equal("blue", table.ClusterFor(all));
        Assert.Equal("fallback", table.ClusterFor(wrongMethod));
        Assert.Equal("fallback", table.ClusterFor(wrongPath));
        Assert.Equal("fallback", table.ClusterFor(Request("a", "/api/x", method: "POST")));
    }

    [Fact]
    public void Match_SeveralRoutesMatch_FirstWins()
    {
        var table = Compile(RouterOf(Host("h", ["*"], Prefix("/", "first"), Prefix("/api", "second"), Path("/api", "third"))));

        Assert.Equal("first", table.ClusterFor(Request("a", "/api")));
    }

    [Fact]
    public void Match_NoRouteMatches_ReturnsNull()
    {
        var table = Compile(RouterOf(Host("h", ["*"], Prefix("/api", "api"))));

        Assert.Null(table.Match(Request("a", "/web")));
    }

    [Fact]
    public void Match_RequestWithoutPath_OnlyHeaderRulesCanMatch()
    {
        var table = Compile(RouterOf(Host("h", ["*"], Prefix("/", "http"), HeaderRoute("rpc", new HeaderMatcherConfig { Name = "service", Value = "s" }))));
        var rpc = new Streams.HeaderMap();
        rpc.Add("service", "s");

        Assert.Equal("rpc", table.ClusterFor(rpc));
    }

    [Fact]
    public void Match_DirectResponseAndRedirect_ExposeTheirRules()
    {
        var table = Compile(RouterOf(Host("h", ["*"],
            new RouteConfig { Match = new RouteMatchConfig { Path = "/ping" }, DirectResponse = new DirectResponseConfig { Status = 200, Body = "pong" } },
            new RouteConfig { Match = new RouteMatchConfig { Path = "/old" }, Redirect = new RedirectConfig { PathRedirect = "/new" } })));

        var direct = table.Match(Request("a", "/ping"));
        var redirect = table.Match(Request("a", "/old"));

        Assert.NotNull(direct);
        Assert.Null(direct.RouteRule);
        Assert.Equal(new Abstractions.Router.DirectResponseRule(200, "pong"), direct.DirectResponse);
        Assert.NotNull(redirect?.Redirect);
        Assert.Null(redirect.RouteRule);
        Assert.Equal(301, redirect.Redirect.ResponseCode);
    }

    [Fact]
    public void Match_CommonCases_DoNotAllocate()
    {
        var table = Compile(RouterOf(
            Host("exact", ["www.foo.com"],
                HeaderRoute("rpc", new HeaderMatcherConfig { Name = "service", Value = "s" }),
                Path("/health", "health"),
                Prefix("/api", "api")),
            Host("suffix", ["*.foo.com"], Prefix("/", "suffix"))));
        var requests = new[]
        {
            Request("WWW.foo.com:8080", "/api/users?id=1"),
            Request("www.foo.com", "/health?x"),
            Request("a.foo.com", "/x"),
        };
        var rpc = Request("www.foo.com", "/svc");
        rpc.Add("service", "s");

        // Warm up (JIT, lazy statics), then measure.
        for (var i = 0; i < 10; i++)
        {
            foreach (var request in requests)
            {
                table.Match(request)!.RouteRule!.SelectCluster(request);
            }

            table.Match(rpc);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            foreach (var request in requests)
            {
                table.Match(request)!.RouteRule!.SelectCluster(request);
            }

            table.Match(rpc);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
