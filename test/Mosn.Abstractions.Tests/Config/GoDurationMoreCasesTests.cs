using Mosn.Abstractions.Config;

namespace Mosn.Abstractions.Tests.Config;


/// <summary>Cases that came with the tcp_proxy/fault parser this type replaced.</summary>
public sealed class GoDurationMoreCasesTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("1s", 1_000)]
    [InlineData("250ms", 250)]
    [InlineData("1.5s", 1_500)]
    [InlineData("1m30s", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1000us", 1)]
    [InlineData("1000\u00B5s", 1)]
    [InlineData("1000000ns", 1)]
    [InlineData("+3s", 3_000)]
    [InlineData("-3s", -3_000)]
    [InlineData(".5s", 500)]
    public void TryParse_GoDuration_Parsed(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("s")]
    [InlineData("1d")]
    [InlineData("1 s")]
    [InlineData("1.2.3s")]
    [InlineData(".s")]
    [InlineData("-")]
    [InlineData("9999999999h")]
    public void TryParse_NotGoDuration_ReturnsFalse(string text) => Assert.False(GoDuration.TryParse(text, out _));
}
