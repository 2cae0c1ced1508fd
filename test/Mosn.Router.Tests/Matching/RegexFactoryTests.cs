using Mosn.Router.Matching;

namespace Mosn.Router.Tests.Matching;

public class RegexFactoryTests
{
    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "xabc", false)]
    [InlineData("abc", "abcx", false)]
    [InlineData("abc", "abc\n", false)]
    [InlineData("a|b", "a", true)]
    [InlineData("a|b", "ab", false)]
    public void Create_FullMatch_AnchorsBothEnds(string pattern, string input, bool expected)
    {
        var regex = RegexFactory.Create(pattern, fullMatch: true, ignoreCase: false, "test");

        Assert.Equal(expected, RegexFactory.IsMatch(regex, input));
    }

    [Fact]
    public void Create_IgnoreCase_MatchesAnyCase()
    {
        var regex = RegexFactory.Create("/api/.*", fullMatch: true, ignoreCase: true, "test");

        Assert.True(RegexFactory.IsMatch(regex, "/API/X"));
    }

    [Fact]
    public void Create_BackReference_FallsBackToBacktrackingEngine()
    {
        var regex = RegexFactory.Create(@"/(\w+)/\1", fullMatch: true, ignoreCase: false, "test");

        Assert.True(RegexFactory.IsMatch(regex, "/ab/ab"));
        Assert.False(RegexFactory.IsMatch(regex, "/ab/cd"));
        Assert.Equal(RegexFactory.MatchTimeout, regex.MatchTimeout);
    }

    [Fact]
    public void Create_CommonPattern_UsesNonBacktrackingEngine()
    {
        var regex = RegexFactory.Create("(a+)+b", fullMatch: true, ignoreCase: false, "test");

        Assert.True((regex.Options & System.Text.RegularExpressions.RegexOptions.NonBacktracking) != 0);
        // Exponential for a backtracking engine; linear here.
        Assert.False(RegexFactory.IsMatch(regex, new string('a', 5000) + "c"));
    }

    [Fact]
    public void Create_Invalid_ThrowsArgumentExceptionNamingPlace()
    {
        var error = Assert.Throws<ArgumentException>(() => RegexFactory.Create("(", fullMatch: true, ignoreCase: false, "routers[0].match.regex"));

        Assert.StartsWith("routers[0].match.regex", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replace_AllMatches_UsesGroups()
    {
        var regex = RegexFactory.Create("(\\d+)", fullMatch: false, ignoreCase: false, "test");

        Assert.Equal("/<1>/<22>", RegexFactory.Replace(regex, "/1/22", "<$1>"));
    }
}
