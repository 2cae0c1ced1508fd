using System.Net;
using Mosn.Filters.TcpProxy;

namespace Mosn.Filters.Tests.TcpProxy;

public sealed class CidrRangeTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.168.1.128/25", "192.168.1.200", true)]
    [InlineData("192.168.1.128/25", "192.168.1.127", false)]
    [InlineData("0.0.0.0/0", "8.8.8.8", true)]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    [InlineData("127.0.0.0/8", "::ffff:127.0.0.5", true)]
    [InlineData("fd00::/8", "fd12::1", true)]
    [InlineData("fd00::/8", "fe80::1", false)]
    [InlineData("10.0.0.0/8", "::1", false)]
    public void Contains_Address_MatchesPrefix(string cidr, string address, bool expected)
    {
        Assert.True(CidrRange.TryParse(cidr, out var range));

        Assert.Equal(expected, range.Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0/8x")]
    [InlineData("host.example/8")]
    [InlineData("::/129")]
    public void TryParse_Invalid_ReturnsFalse(string text) => Assert.False(CidrRange.TryParse(text, out _));
}
