using Mosn.Router.Domains;

namespace Mosn.Router.Tests.Domains;

public class HostAuthorityTests
{
    [Theory]
    [InlineData("example.com", "example.com", "")]
    [InlineData("example.com:8080", "example.com", "8080")]
    [InlineData("example.com:", "example.com", "")]
    [InlineData("[::1]:80", "[::1]", "80")]
    [InlineData("[::1]", "[::1]", "")]
    [InlineData("::1", "::1", "")]
    [InlineData("[::1", "[::1", "")]
    [InlineData("", "", "")]
    public void SplitPort_Authority_ReturnsHostAndPort(string authority, string host, string port)
    {
        var actualHost = HostAuthority.SplitPort(authority, out var actualPort);

        Assert.Equal(host, actualHost.ToString());
        Assert.Equal(port, actualPort.ToString());
    }

    [Theory]
    [InlineData("a.com:1", true)]
    [InlineData("a.com:", true)]
    [InlineData("[::1]:1", true)]
    [InlineData("a.com", false)]
    [InlineData("[::1]", false)]
    [InlineData("fe80::1", false)]
    public void HasPort_Authority_DetectsPortSeparator(string authority, bool expected)
    {
        Assert.Equal(expected, HostAuthority.HasPort(authority));
    }
}
