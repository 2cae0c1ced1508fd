using Mosn.Abstractions.Config;
using static Mosn.Router.Tests.TestConfigs;

namespace Mosn.Router.Tests;

public class RouteCompilerTests
{
    private static ArgumentException CompileFails(RouteConfig route) =>
        Assert.Throws<ArgumentException>(() => Compile(RouterOf(Host("h", ["*"], route))));

    [Fact]
    public void Compile_EmptyName_Throws()
    {
        Assert.Throws<ArgumentException>(() => Compile(new RouterConfig { RouterConfigName = "" }));
    }

    [Fact]
    public void Compile_NoVirtualHosts_MatchesNothing()
    {
        Assert.Null(Compile(new RouterConfig { RouterConfigName = "empty" }).Match(Request("a")));
    }

    [Fact]
    public void Compile_RouteWithoutAction_ThrowsWithPath()
    {
        var error = CompileFails(new RouteConfig { Match = new RouteMatchConfig { Prefix = "/" } });

        Assert.Contains("routers['test'].virtual_hosts[0].routers[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_RouteJsonPath_IsUsedInMessages()
    {
        var error = CompileFails(new RouteConfig { Match = new RouteMatchConfig { Prefix = "/" }, JsonPath = "$.routers[3].virtual_hosts[1].routers[7]" });

        Assert.StartsWith("$.routers[3].virtual_hosts[1].routers[7]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_MatchWithoutCriteria_Throws()
    {
        CompileFails(new RouteConfig { Match = new RouteMatchConfig(), Route = new RouteActionConfig { ClusterName = "c" } });
    }

    [Fact]
    public void Compile_ActionWithoutCluster_Throws()
    {
        CompileFails(new RouteConfig { Match = new RouteMatchConfig { Prefix = "/" }, Route = new RouteActionConfig() });
    }

    [Theory]
    [InlineData("(")]
    [InlineData("[a-")]
    public void Compile_InvalidRegex_Throws(string pattern)
    {
        Assert.Throws<ArgumentException>(() => Compile(RouterOf(Host("h", ["*"], Regex(pattern, "c")))));
        CompileFails(HeaderRoute("c", new HeaderMatcherConfig { Name = "x", Value = pattern, Regex = true }));
        CompileFails(new RouteConfig
        {
            Match = new RouteMatchConfig { Prefix = "/" },
            Route = new RouteActionConfig { ClusterName = "c", RegexRewrite = new RegexRewriteConfig { Pattern = pattern } },
        });
    }

    [Fact]
    public void Compile_EmptyHeaderMatcherName_Throws()
    {
        CompileFails(HeaderRoute("c", new HeaderMatcherConfig { Name = "", Value = "v" }));
    }

    [Fact]
    public void Compile_PrefixRewriteOnRegexRoute_Throws()
    {
        CompileFails(new RouteConfig
        {
            Match = new RouteMatchConfig { Regex = "/.*" },
            Route = new RouteActionConfig { ClusterName = "c", PrefixRewrite = "/x" },
        });
    }

    [Theory]
    [InlineData(":path")]
    [InlineData("")]
    public void Compile_BadHeaderToAdd_Throws(string name)
    {
        CompileFails(new RouteConfig
        {
            Match = new RouteMatchConfig { Prefix = "/" },
            Route = new RouteActionConfig { ClusterName = "c", RequestHeadersToAdd = [new HeaderValueOption { Key = name, Value = "v" }] },
        });
    }

    [Theory]
    [InlineData(99)]
    [InlineData(600)]
    public void Compile_BadDirectResponseStatus_Throws(int status)
    {
        CompileFails(new RouteConfig { Match = new RouteMatchConfig { Prefix = "/" }, DirectResponse = new DirectResponseConfig { Status = status } });
    }

    [Fact]
    public void Compile_NegativeTimeoutOrRetries_Throws()
    {
        CompileFails(new RouteConfig { Match = new RouteMatchConfig { Prefix = "/" }, Route = new RouteActionConfig { ClusterName = "c", Timeout = TimeSpan.FromSeconds(-1) } });
        CompileFails(new RouteConfig
        {
            Match = new RouteMatchConfig { Prefix = "/" },
            Route = new RouteActionConfig { ClusterName = "c", RetryPolicy = new RetryPolicyConfig { NumRetries = -1 } },
        });
    }

    [Fact]
    public void Compile_SeveralPathMatchers_PrefixWinsAsInMosn()
    {
        var route = new RouteConfig
        {
            Match = new RouteMatchConfig { Prefix = "/a", Path = "/exact", Regex = "/r" },
            Route = new RouteActionConfig { ClusterName = "c" },
        };
        var table = Compile(RouterOf(Host("h", ["*"], route)));

        Assert.NotNull(table.Match(Request("x", "/abc")));
        Assert.Null(table.Match(Request("x", "/exact")));
    }

    [Fact]
    public void Compile_DirectResponseWinsOverRoute()
    {
        var table = Compile(RouterOf(Host("h", ["*"], new RouteConfig
        {
            Match = new RouteMatchConfig { Prefix = "/" },
            Route = new RouteActionConfig { ClusterName = "c" },
            DirectResponse = new DirectResponseConfig { Status = 503 },
        })));

        var route = table.Match(Request("x"))!;

        Assert.Equal(503, route.DirectResponse!.StatusCode);
        Assert.Null(route.RouteRule);
    }

    [Fact]
    public void Compile_HeaderHashPolicyWithoutName_ThrowsWithPath()
    {
        var route = new RouteConfig
        {
            JsonPath = "routes[0]",
            Match = new RouteMatchConfig { Prefix = "/" },
            Route = new RouteActionConfig { ClusterName = "c", HashPolicy = [new HashPolicyConfig { Type = HashPolicyType.Header }] },
        };

        Assert.Contains("hash_policy[0]", CompileFails(route).Message, StringComparison.Ordinal);
    }
}
