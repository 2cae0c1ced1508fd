using System.Net;
using System.Net.Sockets;
using Mosn.Upstream.Clusters;

namespace Mosn.Upstream.Tests.Clusters;

public sealed class HostAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1", 8080)]
    [InlineData("[::1]:443", "::1", 443)]
    [InlineData("[fe80::1]:1", "fe80::1", 1)]
    public void TryParse_IpAndPort_IPEndPoint(string address, string ip, int port)
    {
        Assert.True(HostAddress.TryParse(address, out var endPoint, out _));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(ip), port), endPoint);
    }

    [Theory]
    [InlineData("/var/run/app.sock", "/var/run/app.sock")]
    [InlineData("unix:/tmp/x.sock", "/tmp/x.sock")]
    [InlineData("@abstract", "@abstract")]
    public void TryParse_UnixSocket_UnixDomainSocketEndPoint(string address, string path)
    {
        Assert.True(HostAddress.TryParse(address, out var endPoint, out _));
        Assert.Equal(new UnixDomainSocketEndPoint(path), endPoint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:+80")]
    [InlineData("::1:80")]
    [InlineData("[127.0.0.1]:80")]
    [InlineData("backend.local:80")]
    [InlineData("unix:")]
    public void TryParse_Invalid_FalseWithReason(string address)
    {
        Assert.False(HostAddress.TryParse(address, out var endPoint, out var error));
        Assert.Null(endPoint);
        Assert.False(string.IsNullOrEmpty(error));
    }
}
