using static Mosn.Router.Tests.TestConfigs;

namespace Mosn.Router.Tests.Domains;

public class VirtualHostSelectorTests
{
    private static readonly Abstractions.Router.IRouteTable s_table = Compile(RouterOf(
        Host("default", "*"),
        Host("exact", "www.foo.com"),
        Host("exact-port", "www.foo.com:8080"),
        Host("suffix-short", "*.foo.com"),
        Host("suffix-long", "*.bar.foo.com"),
        Host("suffix-port", "*.foo.com:9090"),
        Host("prefix-short", "api.*"),
        Host("prefix-long", "api.internal.*"),
        Host("ipv6", "[::1]")));

    [Theory]
    [InlineData("www.foo.com", "exact")]
    [InlineData("WWW.Foo.COM", "exact")]
    [InlineData("www.foo.com:80", "exact")]
    [InlineData("www.foo.com:8080", "exact-port")]
    [InlineData("WWW.FOO.COM:8080", "exact-port")]
    [InlineData("a.foo.com", "suffix-short")]
    [InlineData("x.bar.foo.com", "suffix-long")]
    [InlineData("X.Bar.Foo.Com:1234", "suffix-long")]
    [InlineData("a.foo.com:9090", "suffix-port")]
    [InlineData("x.bar.foo.com:9090", "suffix-port")]
    [InlineData("api.example.org", "prefix-short")]
    [InlineData("api.internal.example.org", "prefix-long")]
    [InlineData("api.internal.example.org:443", "prefix-long")]
    [InlineData("[::1]:80", "ipv6")]
    [InlineData("[::1]", "ipv6")]
    [InlineData("other.org", "default")]
    public void Select_Authority_PicksVirtualHostInPriorityOrder(string authority, string expected)
    {
        var route = s_table.Match(Request(authority));

        Assert.NotNull(route);
        Assert.Equal(expected, route.VirtualHostName);
    }

    [Fact]
    public void Select_WildcardNeedsAtLeastOneCharacter_FallsBack()
    {
        Assert.Equal("default", s_table.Match(Request("foo.com"))?.VirtualHostName);
        Assert.Equal("default", s_table.Match(Request(".foo.com"))?.VirtualHostName);
        Assert.Equal("default", s_table.Match(Request("api."))?.VirtualHostName);
    }

    [Fact]
    public void Select_ExactBeatsSuffixAndPrefix()
    {
        var table = Compile(RouterOf(Host("suffix", "*.foo.com"), Host("prefix", "www.*"), Host("exact", "www.foo.com")));

        Assert.Equal("exact", table.Match(Request("www.foo.com"))?.VirtualHostName);
        Assert.Equal("suffix", table.Match(Request("www2.foo.com"))?.VirtualHostName);
        Assert.Equal("suffix", table.Match(Request("www.x.foo.com"))?.VirtualHostName);
        Assert.Equal("prefix", table.Match(Request("www.bar.com"))?.VirtualHostName);
    }

    [Fact]
    public void Select_PortQualifiedDomain_DoesNotMatchOtherPortsOrNoPort()
    {
        var table = Compile(RouterOf(Host("port", "a.com:8080")));

        Assert.Equal("port", table.Match(Request("a.com:8080"))?.VirtualHostName);
        Assert.Null(table.Match(Request("a.com:8081")));
        Assert.Null(table.Match(Request("a.com")));
    }

    [Fact]
    public void Select_NoMatchAndNoDefault_ReturnsNull()
    {
        var table = Compile(RouterOf(Host("exact", "a.com")));

        Assert.Null(table.Match(Request("b.com")));
    }

    [Fact]
    public void Select_DefaultOnly_IgnoresHost()
    {
        var table = Compile(RouterOf(Host("only", "*")));

        Assert.Equal("only", table.Match(Request("anything:1"))?.VirtualHostName);
        Assert.Equal("only", table.Match(Request(null))?.VirtualHostName);
    }

    [Fact]
    public void Select_NoAuthority_UsesHostHeaderThenDefault()
    {
        var withHost = Request(null);
        withHost.Add("Host", "www.foo.com");

        Assert.Equal("exact", s_table.Match(withHost)?.VirtualHostName);
        Assert.Equal("default", s_table.Match(Request(null))?.VirtualHostName);
    }

    [Theory]
    [InlineData("a.*.com")]
    [InlineData("**")]
    [InlineData("api.*:80")]
    [InlineData("")]
    public void Build_MalformedDomain_Throws(string domain)
    {
        var error = Assert.Throws<ArgumentException>(() => Compile(RouterOf(Host("bad", domain))));

        Assert.Contains("routers['test']", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DuplicateDomainAcrossHosts_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Compile(RouterOf(Host("a", "x.com"), Host("b", "X.COM"))));

        Assert.Contains("x.com", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DuplicateDefault_Throws()
    {
        Assert.Throws<ArgumentException>(() => Compile(RouterOf(Host("a", "*"), Host("b", "*"))));
    }
}
