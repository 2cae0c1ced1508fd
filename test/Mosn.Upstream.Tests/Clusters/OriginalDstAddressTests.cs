using System.Net;
using Mosn.Upstream.Clusters;

namespace Mosn.Upstream.Tests.Clusters;

public sealed class OriginalDstAddressTests
{
    [Theory]
    [InlineData("10.1.2.3", "10.1.2.3:80")]
    [InlineData("10.1.2.3:8080", "10.1.2.3:8080")]
    [InlineData(" 127.0.0.1:9 ", "127.0.0.1:9")]
    [InlineData("[::1]:8443", "[::1]:8443")]
    [InlineData("[2001:db8::5]", "[2001:db8::5]:80")]
    [InlineData("2001:db8::5", "[2001:db8::5]:80")]
    [InlineData("10.0.0.1:65535", "10.0.0.1:65535")]
    public void TryParseHeader_IpLiteral_ParsesWithDefaultPort80(string value, string expected)
    {
        Assert.True(OriginalDstAddress.TryParseHeader(value, out var endPoint));
        Assert.Equal(IPEndPoint.Parse(expected), endPoint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("example.com")]
    [InlineData("example.com:80")]
    [InlineData("localhost:8080")]
    [InlineData("1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("127.1")]
    [InlineData("256.0.0.1")]
    [InlineData("10.0.0.1:")]
    [InlineData("10.0.0.1:0")]
    [InlineData("10.0.0.1:65536")]
    [InlineData("10.0.0.1:+80")]
    [InlineData("10.0.0.1:80x")]
    [InlineData("[::1")]
    [InlineData("[::1]x")]
    [InlineData("[::1]:")]
    [InlineData("[10.0.0.1]:80")]
    [InlineData("[::1]:99999")]
    public void TryParseHeader_NotAnIpLiteral_Rejected(string value)
    {
        Assert.False(OriginalDstAddress.TryParseHeader(value, out var endPoint));
        Assert.Null(endPoint);
    }

    [Fact]
    public void Normalize_ReplaceLocal_KeepsPortAndFamily()
    {
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:8080"), OriginalDstAddress.Normalize(IPEndPoint.Parse("10.9.8.7:8080"), replaceLocal: true));
        Assert.Equal(IPEndPoint.Parse("[::1]:8080"), OriginalDstAddress.Normalize(IPEndPoint.Parse("[2001:db8::1]:8080"), replaceLocal: true));
    }

    [Fact]
    public void Normalize_MappedIPv4_BecomesIPv4()
    {
        Assert.Equal(IPEndPoint.Parse("10.0.0.1:81"), OriginalDstAddress.Normalize(IPEndPoint.Parse("[::ffff:10.0.0.1]:81"), replaceLocal: false));
    }

    [Fact]
    public void Normalize_NoUsableEndPoint_IsNull()
    {
        Assert.Null(OriginalDstAddress.Normalize(null, replaceLocal: false));
        Assert.Null(OriginalDstAddress.Normalize(new DnsEndPoint("example.com", 80), replaceLocal: false));
        Assert.Null(OriginalDstAddress.Normalize(new IPEndPoint(IPAddress.Loopback, 0), replaceLocal: false));
    }

    [Fact]
    public void Normalize_NothingToChange_ReturnsSameInstance()
    {
        var endPoint = IPEndPoint.Parse("10.0.0.1:80");
        Assert.Same(endPoint, OriginalDstAddress.Normalize(endPoint, replaceLocal: false));
    }
}
