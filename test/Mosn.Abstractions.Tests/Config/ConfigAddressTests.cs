using Mosn.Abstractions.Config;
using System.Net;
using System.Net.Sockets;

namespace Mosn.Abstractions.Tests.Config;

public sealed class ConfigAddressTests
{
    [Fact]
    public void TryParseListenerAddress_IPv4_ReturnsIPEndPoint()
    {
        Assert.True(ConfigAddress.TryParseListenerAddress("127.0.0.1:2045", "tcp", out var endPoint, out _));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 2045), endPoint);
    }

    [Fact]
    public void TryParseListenerAddress_BracketedIPv6_ReturnsIPEndPoint()
    {
        Assert.True(ConfigAddress.TryParseListenerAddress("[::1]:80", "tcp", out var endPoint, out _));
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 80), endPoint);
    }

    [Fact]
    public void TryParseListenerAddress_EmptyHostAndPortZero_MeansAnyAndEphemeral()
    {
        Assert.True(ConfigAddress.TryParseListenerAddress(":0", "tcp", out var endPoint, out _));
        Assert.Equal(new IPEndPoint(IPAddress.Any, 0), endPoint);
    }

    [Fact]
    public void TryParseListenerAddress_Unix_ReturnsUnixEndPoint()
    {
        Assert.True(ConfigAddress.TryParseListenerAddress("/tmp/mosn.sock", "unix", out var endPoint, out _));
        Assert.IsType<UnixDomainSocketEndPoint>(endPoint);
    }

    [Theory]
    [InlineData("127.0.0.1", "missing port")]
    [InlineData("127.0.0.1:99999", "not a port number")]
    [InlineData("::1:80", "in brackets")]
    [InlineData("[zz]:80", "not an IPv6 address")]
    [InlineData("300.1.1.1:80", "not a valid IPv4 address")]
    [InlineData("bad host:80", "neither an IP address nor a host name")]
    [InlineData("", "empty")]
    public void TryParseListenerAddress_Invalid_ExplainsWhy(string address, string reason)
    {
        Assert.False(ConfigAddress.TryParseListenerAddress(address, "tcp", out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseHostAddress_HostName_ReturnsDnsEndPoint()
    {
        Assert.True(ConfigAddress.TryParseHostAddress("backend.local:8080", out var endPoint, out _));
        Assert.Equal(new DnsEndPoint("backend.local", 8080), endPoint);
    }

    [Fact]
    public void TryParseHostAddress_UnixPrefix_ReturnsUnixEndPoint()
    {
        Assert.True(ConfigAddress.TryParseHostAddress("unix:/run/app.sock", out var endPoint, out _));
        Assert.IsType<UnixDomainSocketEndPoint>(endPoint);
    }

    [Theory]
    [InlineData("127.0.0.1:0")]
    [InlineData(":80")]
    [InlineData("unix:")]
    public void TryParseHostAddress_NotADestination_ReturnsFalse(string address)
    {
        Assert.False(ConfigAddress.TryParseHostAddress(address, out _, out _));
    }
}
