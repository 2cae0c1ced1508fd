using System.Net;
using System.Net.Sockets;
using System.Text;
using Mosn.Network.Unix;

namespace Mosn.Network.Tests.Unix;

public sealed class DescriptorPassingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mosn-fd-test").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A connected pair of Unix stream sockets (through a listener in a temp directory).</summary>
    private (Socket A, Socket B) Pair()
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(Path.Combine(_directory, $"{Guid.NewGuid():N}.sock")));
        listener.Listen(1);
        var a = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        a.Connect(listener.LocalEndPoint!);
        var b = listener.Accept();
        return (a, b);
    }

    [Fact]
    public async Task SendReceive_ListeningTcpSocket_ReceivedCopyAcceptsConnections()
    {
        var (a, b) = Pair();
        using var _a = a;
        using var _b = b;
        using var listening = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listening.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listening.Listen(8);
        var fd = (int)listening.SafeHandle.DangerousGetHandle();

        DescriptorPassing.Send(a, "listener 1\n"u8, [fd], TimeSpan.FromSeconds(5));
        var buffer = new byte[64];
        var n = DescriptorPassing.Receive(b, buffer, out var descriptors, TimeSpan.FromSeconds(5));

        Assert.Equal("listener 1\n", Encoding.ASCII.GetString(buffer, 0, n));
        var received = Assert.Single(descriptors);
        Assert.NotEqual(fd, received);
        using var copy = new Socket(new SafeSocketHandle(received, ownsHandle: true));
        Assert.Equal(listening.LocalEndPoint, copy.LocalEndPoint);

        // The original closes: the copy still owns the open socket and accepts on it.
        listening.Close();
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)copy.LocalEndPoint!);
        using var accepted = await copy.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(accepted.Connected);
    }

    [Fact]
    public void SendReceive_NoDescriptors_PayloadOnly()
    {
        var (a, b) = Pair();
        using var _a = a;
        using var _b = b;
        DescriptorPassing.Send(a, "READY\n"u8, [], TimeSpan.FromSeconds(5));
        var buffer = new byte[16];
        var n = DescriptorPassing.Receive(b, buffer, out var descriptors, TimeSpan.FromSeconds(5));
        Assert.Equal("READY\n", Encoding.ASCII.GetString(buffer, 0, n));
        Assert.Empty(descriptors);
    }

    [Fact]
    public void Receive_PeerClosed_ReturnsZero()
    {
        var (a, b) = Pair();
        using var _b = b;
        a.Dispose();
        Assert.Equal(0, DescriptorPassing.Receive(b, new byte[16], out var descriptors, TimeSpan.FromSeconds(5)));
        Assert.Empty(descriptors);
    }

    [Fact]
    public async Task Receive_NothingArrives_TimesOut()
    {
        var (a, b) = Pair();
        using var _a = a;
        using var _b = b;
        var ex = await Assert.ThrowsAsync<SocketException>(() => Task.Run(() => DescriptorPassing.Receive(b, new byte[16], out _, TimeSpan.FromMilliseconds(200))));
        Assert.Equal(SocketError.TimedOut, ex.SocketErrorCode);
    }

    [Fact]
    public void Send_EmptyPayload_Throws()
    {
        var (a, b) = Pair();
        using var _a = a;
        using var _b = b;
        Assert.Throws<ArgumentException>(() => DescriptorPassing.Send(a, [], [], TimeSpan.FromSeconds(1)));
    }
}
