using Mosn.Abstractions.Config;
using Mosn.Abstractions.Router;
using static Mosn.Router.Tests.TestConfigs;

namespace Mosn.Router.Tests;

public class RedirectRuleTests
{
    private static IRedirectRule RuleFor(RedirectConfig redirect)
    {
        var table = Compile(RouterOf(Host("h", ["*"], new RouteConfig { Match = new RouteMatchConfig { Prefix = "/" }, Redirect = redirect })));
        return table.Match(Request("a"))!.Redirect!;
    }

    [Theory]
    [InlineData("https", null, null, "http", "a.com", "/p?q=1", "https://a.com/p?q=1")]
    [InlineData(null, "b.com", null, "http", "a.com:8080", "/p?q=1", "http://b.com/p?q=1")]
    [InlineData(null, "b.com:9", null, "https", "a.com", "/p", "https://b.com:9/p")]
    [InlineData(null, null, "/new", "http", "a.com", "/old", "http://a.com/new")]
    [InlineData(null, null, "/new", "http", "a.com", "/old?keep=1", "http://a.com/new?keep=1")]
    [InlineData(null, null, "/new?own=1", "http", "a.com", "/old?keep=1", "http://a.com/new?own=1")]
    [InlineData("https", "b.com", "/n", "http", "a.com", "/o?x", "https://b.com/n?x")]
    [InlineData(null, null, null, "https", "a.com:8443", "/o#frag", "https://a.com:8443/o")]
    public void BuildLocation_ReplacesOnlyConfiguredParts(
        string? scheme, string? host, string? path, string requestScheme, string authority, string target, string expected)
    {
        var rule = RuleFor(new RedirectConfig { SchemeRedirect = scheme, HostRedirect = host, PathRedirect = path });

        Assert.Equal(expected, rule.BuildLocation(Request(authority, target, scheme: requestScheme)));
    }

    [Theory]
    [InlineData("https", "http", "a.com:80", "https://a.com/p")]
    [InlineData("https", "http", "a.com:8080", "https://a.com:8080/p")]
    [InlineData("https", "http", "a.com:443", "https://a.com:443/p")]
    [InlineData("http", "https", "a.com:443", "http://a.com/p")]
    [InlineData("http", "https", "a.com:80", "http://a.com:80/p")]
    [InlineData("http", "https", "[::1]:443", "http://[::1]/p")]
    [InlineData("https", "https", "a.com:80", "https://a.com:80/p")]
    public void BuildLocation_SchemeChange_DropsOtherSchemesDefaultPort(string redirectScheme, string requestScheme, string authority, string expected)
    {
        var rule = RuleFor(new RedirectConfig { SchemeRedirect = redirectScheme });

        Assert.Equal(expected, rule.BuildLocation(Request(authority, "/p", scheme: requestScheme)));
    }

    [Fact]
    public void BuildLocation_NoSchemeHeader_AssumesHttp()
    {
        var rule = RuleFor(new RedirectConfig { SchemeRedirect = "HTTPS" });
        var request = new Streams.HeaderMap();
        request.Add(":authority", "a.com:80");
        request.Add(":path", "/");

        Assert.Equal("https://a.com/", rule.BuildLocation(request));
    }

    [Theory]
    [InlineData(0, 301)]
    [InlineData(301, 301)]
    [InlineData(302, 302)]
    [InlineData(303, 303)]
    [InlineData(307, 307)]
    [InlineData(308, 308)]
    public void ResponseCode_AllowedCodes_AreKept(int configured, int expected)
    {
        Assert.Equal(expected, RuleFor(new RedirectConfig { ResponseCode = configured, PathRedirect = "/x" }).ResponseCode);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(304)]
    [InlineData(404)]
    public void Compile_UnsupportedCode_Throws(int code)
    {
        Assert.Throws<ArgumentException>(() => RuleFor(new RedirectConfig { ResponseCode = code }));
    }

    [Theory]
    [InlineData("1http")]
    [InlineData("ht tp")]
    [InlineData("http:")]
    public void Compile_InvalidScheme_Throws(string scheme)
    {
        Assert.Throws<ArgumentException>(() => RuleFor(new RedirectConfig { SchemeRedirect = scheme }));
    }
}
