using System.Net;
using Mosn.Network.OriginalDst;
using Mosn.Testing;

namespace Mosn.Network.Tests.OriginalDst;

public sealed class ListenerAddressMatchTests
{
    private static SocketListener Unbound(string name, string endPoint) =>
        new(new SocketListenerOptions { Name = name, EndPoint = IPEndPoint.Parse(endPoint) }, TestLogging.Factory);

    [Fact]
    public void FindHandOffTarget_ExactAddress_WinsOverWildcard()
    {
        var wildcard = Unbound("any", "0.0.0.0:80");
        var exact = Unbound("exact", "10.0.0.1:80");

        Assert.Same(exact, ListenerAddressMatch.FindHandOffTarget([wildcard, exact], IPEndPoint.Parse("10.0.0.1:80"), fallbackToLocal: false));
        Assert.Same(exact, ListenerAddressMatch.FindHandOffTarget([wildcard, exact], IPEndPoint.Parse("[::ffff:10.0.0.1]:80"), fallbackToLocal: false));
    }

    [Fact]
    public void FindHandOffTarget_WildcardOnSamePort_Matches()
    {
        var v4 = Unbound("v4", "0.0.0.0:80");
        var v6 = Unbound("v6", "[::]:443");

        Assert.Same(v4, ListenerAddressMatch.FindHandOffTarget([v4, v6], IPEndPoint.Parse("10.9.9.9:80"), fallbackToLocal: false));
        Assert.Same(v6, ListenerAddressMatch.FindHandOffTarget([v4, v6], IPEndPoint.Parse("[2001:db8::1]:443"), fallbackToLocal: false));
        Assert.Null(ListenerAddressMatch.FindHandOffTarget([v4, v6], IPEndPoint.Parse("10.9.9.9:81"), fallbackToLocal: false));
    }

    [Fact]
    public void FindHandOffTarget_FallbackToLocal_LoopbackInsteadOfWildcard()
    {
        var wildcard = Unbound("any", "0.0.0.0:80");
        var loopback = Unbound("local", "127.0.0.1:80");
        var destination = IPEndPoint.Parse("10.9.9.9:80");

        Assert.Same(loopback, ListenerAddressMatch.FindHandOffTarget([wildcard, loopback], destination, fallbackToLocal: true));
        Assert.Same(wildcard, ListenerAddressMatch.FindHandOffTarget([wildcard, loopback], destination, fallbackToLocal: false));
    }

    [Fact]
    public void FindHandOffTarget_NoListenerOnPort_Null()
    {
        Assert.Null(ListenerAddressMatch.FindHandOffTarget([Unbound("a", "10.0.0.1:80")], IPEndPoint.Parse("10.0.0.2:80"), fallbackToLocal: false));
        Assert.Null(ListenerAddressMatch.FindHandOffTarget([], IPEndPoint.Parse("10.0.0.2:80"), fallbackToLocal: false));
    }

    [Fact]
    public async Task IsListening_BoundListenersOnly()
    {
        await using var bound = new SocketListener(new SocketListenerOptions { Name = "b", EndPoint = new IPEndPoint(IPAddress.Loopback, 0) }, TestLogging.Factory);
        await bound.StartAsync(CancellationToken.None);
        var address = (IPEndPoint)bound.BoundAddress!;
        var unbound = Unbound("u", "127.0.0.1:7");

        Assert.True(ListenerAddressMatch.IsListening([unbound, bound], address));
        Assert.False(ListenerAddressMatch.IsListening([unbound, bound], IPEndPoint.Parse("127.0.0.1:7")));
        Assert.False(ListenerAddressMatch.IsListening([bound], new IPEndPoint(IPAddress.Parse("10.0.0.1"), address.Port)));
    }

    [Fact]
    public async Task IsListening_WildcardListener_MatchesLocalAddressesOnItsPort()
    {
        await using var wildcard = new SocketListener(new SocketListenerOptions { Name = "w", EndPoint = new IPEndPoint(IPAddress.Any, 0) }, TestLogging.Factory);
        await wildcard.StartAsync(CancellationToken.None);
        var port = ((IPEndPoint)wildcard.BoundAddress!).Port;

        Assert.True(ListenerAddressMatch.IsListening(wildcard, new IPEndPoint(IPAddress.Loopback, port)));
        Assert.True(ListenerAddressMatch.IsListening(wildcard, new IPEndPoint(IPAddress.Parse("127.0.0.2"), port)));
        Assert.False(ListenerAddressMatch.IsListening(wildcard, new IPEndPoint(IPAddress.Parse("192.0.2.1"), port)));
        Assert.False(ListenerAddressMatch.IsListening(wildcard, new IPEndPoint(IPAddress.Loopback, port == 65535 ? 1 : port + 1)));
    }
}
