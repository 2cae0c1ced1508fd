using System.Net;
using System.Net.Sockets;
using Mosn.Network.OriginalDst;

namespace Mosn.Network.Tests.OriginalDst;

public sealed class SocketOriginalDestinationTests
{
    private const int Enoent = 2;
    private const int Enoprotoopt = 92;

    [Fact]
    public async Task TryGet_NotRedirectedLoopbackConnection_LocalAddressOrNotAvailable()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        using var accepted = await listener.AcceptAsync();

        var found = SocketOriginalDestination.TryGet(accepted, out var destination, out var errno);

        // With connection tracking the kernel answers with the address the client dialled (no NAT: our own address);
        // without an entry (ENOENT) or without netfilter (ENOPROTOOPT) there is no original destination.
        if (found)
        {
            Assert.Equal(0, errno);
            Assert.Equal(accepted.LocalEndPoint, destination);
            Assert.Equal(accepted.LocalEndPoint, SocketOriginalDestination.Get(accepted));
        }
        else
        {
            Assert.Contains(errno, new[] { Enoent, Enoprotoopt });
            Assert.Null(destination);
            Assert.Null(SocketOriginalDestination.Get(accepted));
        }
    }

    [Fact]
    public void TryGet_ClosedSocket_NoDestination()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Dispose();

        Assert.False(SocketOriginalDestination.TryGet(socket, out var destination, out var errno));
        Assert.Null(destination);
        Assert.NotEqual(0, errno);
    }

    [Fact]
    public void Get_UnixSocket_NoDestination()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

        Assert.Null(SocketOriginalDestination.Get(socket));
    }

    [Fact]
    public void Parse_SockaddrIn_AddressAndNetworkOrderPort()
    {
        // AF_INET (host order), port 8080 (network order), 10.1.2.3, 8 bytes of zero.
        byte[] sockaddr = [2, 0, 0x1F, 0x90, 10, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0];

        Assert.Equal(IPEndPoint.Parse("10.1.2.3:8080"), SocketOriginalDestination.Parse(sockaddr));
    }

    [Fact]
    public void Parse_SockaddrIn6_AddressPortAndScope()
    {
        var sockaddr = new byte[28];
        sockaddr[0] = 10; // AF_INET6
        sockaddr[2] = 0x01;
        sockaddr[3] = 0xBB; // 443
        IPAddress.Parse("2001:db8::9").GetAddressBytes().CopyTo(sockaddr, 8);

        Assert.Equal(IPEndPoint.Parse("[2001:db8::9]:443"), SocketOriginalDestination.Parse(sockaddr));
    }

    [Theory]
    [InlineData(new byte[] { 2, 0, 0, 80 })]
    [InlineData(new byte[] { 1, 0, 0, 80, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 10, 0, 0, 80, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void Parse_ShortOrUnknown_Null(byte[] sockaddr)
    {
        Assert.Null(SocketOriginalDestination.Parse(sockaddr));
    }
}
