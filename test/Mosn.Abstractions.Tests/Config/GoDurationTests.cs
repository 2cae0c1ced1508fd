using Mosn.Abstractions.Config;

namespace Mosn.Abstractions.Tests.Config;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("+2m", 120_000)]
    [InlineData(".5s", 500)]
    [InlineData("1h2m3s4ms", 3_723_004)]
    public void TryParse_ValidGoDuration_ReturnsValue(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Fact]
    public void TryParse_SubMillisecondUnits_AreExact()
    {
        Assert.True(GoDuration.TryParse("1500us", out var micro));
        Assert.Equal(TimeSpan.FromMicroseconds(1500), micro);
        Assert.True(GoDuration.TryParse("2\u00B5s", out var micro2));
        Assert.Equal(TimeSpan.FromMicroseconds(2), micro2);
        Assert.True(GoDuration.TryParse("300ns", out var nano));
        Assert.Equal(TimeSpan.FromTicks(3), nano);
    }

    [Fact]
    public void TryParse_Negative_ReturnsNegative()
    {
        Assert.True(GoDuration.TryParse("-1.5h", out var value));
        Assert.Equal(TimeSpan.FromMinutes(-90), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ten")]
    [InlineData("10")]
    [InlineData("10 s")]
    [InlineData("1d")]
    [InlineData("s")]
    [InlineData(".s")]
    [InlineData("-")]
    [InlineData("1.2.3s")]
    [InlineData("9999999999999h")]
    public void TryParse_Invalid_ReturnsFalse(string text)
    {
        Assert.False(GoDuration.TryParse(text, out _));
    }
}
