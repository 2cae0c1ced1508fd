using Mosn.Router.Matching;

namespace Mosn.Router.Tests.Matching;

public class PathMatcherTests
{
    [Theory]
    [InlineData("/api", true, "/api/x", 4)]
    [InlineData("/api", true, "/API/x", -1)]
    [InlineData("/api", false, "/API/x", 4)]
    [InlineData("/api", true, "/ap", -1)]
    public void PrefixRewritableLength_Path_IsPrefixLengthWhenMatching(string prefix, bool caseSensitive, string path, int expected)
    {
        Assert.Equal(expected, new PrefixPathMatcher(prefix, caseSensitive).RewritableLength(path));
    }

    [Theory]
    [InlineData("/a", true, "/a", true)]
    [InlineData("/a", true, "/A", false)]
    [InlineData("/a", false, "/A", true)]
    [InlineData("/a", true, "/a/", false)]
    public void ExactMatches_Path_ComparesWholePath(string configured, bool caseSensitive, string path, bool expected)
    {
        Assert.Equal(expected, new ExactPathMatcher(configured, caseSensitive).Matches(path));
    }

    [Fact]
    public void RegexRewritableLength_Always_NotApplicable()
    {
        var matcher = new RegexPathMatcher(RegexFactory.Create("/.*", true, false, "t"));

        Assert.True(matcher.Matches("/x"));
        Assert.Equal(-1, matcher.RewritableLength("/x"));
    }
}
