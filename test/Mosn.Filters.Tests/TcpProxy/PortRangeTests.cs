using Mosn.Filters.TcpProxy;

namespace Mosn.Filters.Tests.TcpProxy;

public sealed class PortRangeTests
{
    [Fact]
    public void TryParseList_PortsAndRanges_Parsed()
    {
        Assert.True(PortRange.TryParseList("80, 443,8000-8010", out var ranges, out _));

        Assert.Equal([new PortRange(80, 80), new PortRange(443, 443), new PortRange(8000, 8010)], ranges);
        Assert.True(ranges[2].Contains(8005));
        Assert.False(ranges[2].Contains(8011));
    }

    [Theory]
    [InlineData("80-", "80-")]
    [InlineData("9-1", "9-1")]
    [InlineData("80,x", "x")]
    [InlineData("65536", "65536")]
    [InlineData("-5", "-5")]
    public void TryParseList_Invalid_ReportsBadItem(string text, string bad)
    {
        Assert.False(PortRange.TryParseList(text, out _, out var badItem));

        Assert.Equal(bad, badItem);
    }
}
