using Mosn.Proxy.AccessLog;

namespace Mosn.Proxy.Tests.AccessLog;

public sealed class GoDurationFormatterTests
{
    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1L, "100ns")]
    [InlineData(9L, "900ns")]
    [InlineData(10L, "1µs")]
    [InlineData(15L, "1.5µs")]
    [InlineData(10_000L, "1ms")]
    [InlineData(123_456L, "12.3456ms")]
    [InlineData(9_999_999L, "999.9999ms")]
    [InlineData(10_000_000L, "1s")]
    [InlineData(25_000_000L, "2.5s")]
    [InlineData(900_000_000L, "1m30s")]
    [InlineData(36_000_000_000L, "1h0m0s")]
    [InlineData(36_005_000_000L, "1h0m0.5s")]
    [InlineData(-15_000_000L, "-1.5s")]
    public void Format_Ticks_MatchesGoDurationString(long ticks, string expected)
    {
        Assert.Equal(expected, GoDurationFormatter.Format(TimeSpan.FromTicks(ticks)));
    }
}
