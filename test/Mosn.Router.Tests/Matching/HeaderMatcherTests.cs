using Mosn.Router.Matching;

namespace Mosn.Router.Tests.Matching;

public class HeaderMatcherTests
{
    [Fact]
    public void Matches_Exact_ComparesFirstValueOrdinally()
    {
        var matcher = new HeaderMatcher("x-env", "prod", null);
        var headers = new Streams.HeaderMap();
        headers.Add("X-Env", "prod");
        headers.Add("x-env", "dev");

        Assert.True(matcher.Matches(headers));
        Assert.False(matcher.Matches(new Streams.HeaderMap()));
    }

    [Fact]
    public void Matches_EmptyExpectedValue_RequiresPresentEmptyHeader()
    {
        var matcher = new HeaderMatcher("x-flag", "", null);
        var present = new Streams.HeaderMap();
        present.Add("x-flag", "");

        Assert.True(matcher.Matches(present));
        Assert.False(matcher.Matches(new Streams.HeaderMap()));
    }

    [Fact]
    public void Matches_Regex_UsesCompiledExpression()
    {
        var matcher = new HeaderMatcher("service", "com\\.alipay\\..*", RegexFactory.Create("com\\.alipay\\..*", true, false, "t"));
        var headers = new Streams.HeaderMap();
        headers.Add("service", "com.alipay.Echo");

        Assert.True(matcher.Matches(headers));
    }
}
