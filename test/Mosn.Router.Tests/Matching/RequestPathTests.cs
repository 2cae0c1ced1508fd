using Mosn.Router.Matching;

namespace Mosn.Router.Tests.Matching;

public class RequestPathTests
{
    [Theory]
    [InlineData("/a/b", "/a/b")]
    [InlineData("/a/b?x=1", "/a/b")]
    [InlineData("/a#f", "/a")]
    [InlineData("/a?x#f", "/a")]
    [InlineData("?x", "")]
    [InlineData("", "")]
    public void PathOf_Target_ExcludesQueryAndFragment(string target, string expected)
    {
        Assert.Equal(expected, RequestPath.PathOf(target).ToString());
    }

    [Fact]
    public void Of_NoPathHeader_IsEmpty()
    {
        Assert.True(RequestPath.Of(new Streams.HeaderMap()).IsEmpty);
    }
}
