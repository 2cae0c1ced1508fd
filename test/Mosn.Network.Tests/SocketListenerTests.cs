using System.Net;
using System.Net.Sockets;
using System.Text;
using Mosn.Abstractions.Network;
using Mosn.Network;
using Mosn.Testing;

namespace Mosn.Network.Tests;

public sealed partial class SocketListenerTests
{
    private sealed class EchoFilter : IReadFilter
    {
        private IReadFilterCallbacks _callbacks = null!;

        public void InitializeReadFilterCallbacks(IReadFilterCallbacks callbacks) => _callbacks = callbacks;

        public FilterStatus OnNewConnection() => FilterStatus.Continue;

        public FilterStatus OnData(ReadBuffer buffer)
        {
            _callbacks.Connection.Write(buffer.Data);
            buffer.ConsumeAll();
            return FilterStatus.Continue;
        }
    }

    private static async Task<SocketListener> StartEchoAsync(EndPoint endPoint, TimeSpan idle = default, RecordingEventListener? events = null)
    {
        var listener = new SocketListener(
            new SocketListenerOptions
            {
                Name = "echo",
                EndPoint = endPoint,
                IdleTimeout = idle,
                FilterChain = [new DelegateFilterChainFactory(c =>
                {
                    c.AddReadFilter(new EchoFilter());
                    if (events is not null)
                    {
                        c.AddConnectionEventListener(events);
                    }
                })],
            },
            TestLogging.Factory);
        await listener.StartAsync(CancellationToken.None);
        return listener;
    }

    [Fact]
    public async Task Accept_TcpEcho_EchoesBytes()
    {
        await using var listener = await StartEchoAsync(new IPEndPoint(IPAddress.Loopback, 0));
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.BoundAddress!);
        var stream = client.GetStream();
        var payload = Encoding.ASCII.GetBytes("hello mosn");
        await stream.WriteAsync(payload);
        var buffer = new byte[payload.Length];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(payload, buffer);
    }

    [Fact]
    public async Task Accept_LargeEcho_AllBytesBackInOrder()
    {
        await using var listener = await StartEchoAsync(new IPEndPoint(IPAddress.Loopback, 0));
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.BoundAddress!);
        var stream = client.GetStream();
        var payload = new byte[8 * 1024 * 1024];
        new Random(42).NextBytes(payload);
        var writer = Task.Run(async () => await stream.WriteAsync(payload));
        var received = new byte[payload.Length];
        await stream.ReadExactlyAsync(received).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await writer;
        Assert.Equal(payload, received);
    }

    [Fact]
    public async Task Accept_UnixSocket_EchoesAndRemovesStaleFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mosn-test-{Guid.NewGuid():N}.sock");
        // A stale socket file (bound, never listened, closed) must not block the listener.
        // A socket file left behind by a process that died without unlinking it (.NET unlinks on dispose, so use another process).
        using (var python = System.Diagnostics.Process.Start("python3", ["-c", $"import socket; s=socket.socket(socket.AF_UNIX); s.bind('{path}')"]))
        {
            await python.WaitForExitAsync();
        }

        Assert.True(File.Exists(path));
        await using var listener = await StartEchoAsync(new UnixDomainSocketEndPoint(path));
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(path));
        await client.SendAsync("uds"u8.ToArray());
        var buffer = new byte[3];
        var n = await client.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("uds", Encoding.ASCII.GetString(buffer, 0, n));
    }

    [Fact]
    public async Task IdleTimeout_NoTraffic_ClosesConnection()
    {
        var events = new RecordingEventListener();
        await using var listener = await StartEchoAsync(new IPEndPoint(IPAddress.Loopback, 0), TimeSpan.FromMilliseconds(300), events);
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.BoundAddress!);
        var closed = await events.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ConnectionEvent.IdleTimeout, closed);
        var n = await client.GetStream().ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, n);
    }

    [Fact]
    public async Task RemoteClose_ClientDisconnects_RaisesRemoteClose()
    {
        var events = new RecordingEventListener();
        await using var listener = await StartEchoAsync(new IPEndPoint(IPAddress.Loopback, 0), default, events);
        var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.BoundAddress!);
        await client.GetStream().WriteAsync("x"u8.ToArray());
        await client.GetStream().ReadExactlyAsync(new byte[1]);
        client.Dispose();
        var closed = await events.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ConnectionEvent.RemoteClose, closed);
        Assert.Single(events.Events, e => e.IsClose());
    }

    [Fact]
    public async Task Update_NewFilterChain_NewConnectionsGetItEarlierKeepTheirs()
    {
        await using var listener = await StartEchoAsync(new IPEndPoint(IPAddress.Loopback, 0));
        using var early = new TcpClient();
        await early.ConnectAsync((IPEndPoint)listener.BoundAddress!);
        var earlyStream = early.GetStream();
        await earlyStream.WriteAsync("a"u8.ToArray());
        var one = new byte[1];
        await earlyStream.ReadExactlyAsync(one).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        // The new chain answers "new" and closes instead of echoing.
        var previous = listener.Update(listener.CurrentOptions with
        {
            FilterChain = [new DelegateFilterChainFactory(c => c.Write("new"u8.ToArray()))],
        });

        Assert.Equal(1, previous.Count);
        using var late = new TcpClient();
        await late.ConnectAsync((IPEndPoint)listener.BoundAddress!);
        var greeting = new byte[3];
        await late.GetStream().ReadExactlyAsync(greeting).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("new", Encoding.ASCII.GetString(greeting));

        // The early connection still echoes: its chain was not replaced.
        await earlyStream.WriteAsync("b"u8.ToArray());
        await earlyStream.ReadExactlyAsync(one).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((byte)'b', one[0]);
        Assert.Equal(2, listener.ActiveConnections.Count);
    }

    [Fact]
    public async Task DetachAsync_AnotherOwnerOfTheSocket_AcceptsAfterwards()
    {
        var listener = await StartEchoAsync(new IPEndPoint(IPAddress.Loopback, 0));
        var address = (IPEndPoint)listener.BoundAddress!;
        var duplicate = Mosn.Network.Unix.DescriptorPassing.Duplicate((int)listener.ListenSocket!.SafeHandle.DangerousGetHandle());
        using var other = new Socket(new SafeSocketHandle(duplicate, ownsHandle: true));

        await listener.DetachAsync();
        await listener.DisposeAsync();
        Assert.Null(listener.ListenSocket);

        using var client = new TcpClient();
        await client.ConnectAsync(address);
        using var accepted = await other.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(accepted.Connected);
    }

    [Fact]
    public async Task StopAcceptingAsync_UnixSocket_FileRemovedAndConnectRefused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mosn-listener-{Guid.NewGuid():N}.sock");
        var listener = await StartEchoAsync(new UnixDomainSocketEndPoint(path));
        Assert.True(File.Exists(path));
        await listener.StopAcceptingAsync();
        await listener.DisposeAsync();
        Assert.False(File.Exists(path));
    }
}
