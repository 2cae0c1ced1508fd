using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Protocols.Bolt;
using Mosn.Protocols.Bolt.Tests;
using Mosn.Protocols.XProtocol.Connection;
using Mosn.Protocols.XProtocol.Tests.TestSupport;
using Mosn.Streams;

namespace Mosn.Protocols.XProtocol.Tests.Connection;

public sealed class XServerConnectionTests
{
    private readonly FakeConnection _connection = new();
    private readonly RecordingServerCallbacks _callbacks = new();

    private XServerConnection Create(XProtocolOptions? options = null) =>
        new(_connection, _callbacks, BoltCodec.Instance, options ?? XProtocolOptions.Default);

    private static ReadBuffer Buffer(byte[] bytes)
    {
        var buffer = new ReadBuffer();
        buffer.Reset(new ReadOnlySequence<byte>(bytes), endOfStream: false);
        return buffer;
    }

    [Fact]
    public void Dispatch_Request_NewStreamWithHeadersAndBody_ResponseKeepsTheClientsId()
    {
        var server = Create();
        var buffer = Buffer(BoltFrames.Request(1234, 500, "cls", [("service", "svc")], [1, 2, 3]));

        server.Dispatch(buffer);

        Assert.Equal(0, buffer.Length);
        var (sender, receiver) = Assert.Single(_callbacks.Streams);
        Assert.Equal(1234UL, sender.Stream.Id);
        Assert.Equal("svc", receiver.Headers!.Get("service"));
        Assert.Equal(new byte[] { 1, 2, 3 }, receiver.Body);
        Assert.True(receiver.Ended);
        Assert.Equal(1, server.ActiveStreamCount);

        // An upstream response (decoded with another id) goes back with the downstream id.
        BoltCodec.Instance.Decode(new ReadOnlySequence<byte>(BoltFrames.Response(9, 0, "rc", [("h", "v")])), XProtocolOptions.Default, out var upstream);
        sender.SendHeaders(upstream.Headers, endStream: false);
        sender.SendData(new ReadOnlySequence<byte>([7, 7]), endStream: true);

        Assert.Equal(BoltFrames.Response(1234, 0, "rc", [("h", "v")], [7, 7]), _connection.WrittenBytes);
        Assert.Equal(0, server.ActiveStreamCount);
    }

    [Fact]
    public void Dispatch_PartialFrames_WaitsThenDecodesAll()
    {
        var server = Create();
        byte[] bytes = [.. BoltFrames.Request(1, content: [1]), .. BoltFrames.Request(2, content: [2])];
        var buffer = new ReadBuffer();
        buffer.Reset(new ReadOnlySequence<byte>(bytes[..30]), false);
        server.Dispatch(buffer);
        Assert.Single(_callbacks.Streams);
        Assert.Equal(30 - 23, buffer.Length);

        buffer.Reset(new ReadOnlySequence<byte>(bytes[23..]), false);
        server.Dispatch(buffer);
        Assert.Equal(2, _callbacks.Streams.Count);
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void Dispatch_Heartbeat_AnsweredWithoutAStream()
    {
        var server = Create();

        server.Dispatch(Buffer(BoltFrames.Request(77, 3000, cmdCode: 0)));

        Assert.Empty(_callbacks.Streams);
        Assert.Equal(BoltFrames.Response(77, 0, cmdCode: 0), _connection.WrittenBytes);
    }

    [Theory]
    [InlineData(404, BoltResponseStatus.NoProcessor)]
    [InlineData(503, BoltResponseStatus.ServerThreadpoolBusy)]
    [InlineData(504, BoltResponseStatus.Timeout)]
    [InlineData(502, BoltResponseStatus.NoProcessor)]
    public void SendHeaders_ProxyStatusOnly_HijackResponseWithTheRequestId(int status, BoltResponseStatus expected)
    {
        var server = Create();
        server.Dispatch(Buffer(BoltFrames.Request(5, codec: 11, headers: [("service", "x")])));
        var (sender, _) = Assert.Single(_callbacks.Streams);
        var reply = new HeaderMap();
        reply.Set(PseudoHeaders.Status, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        reply.Set("content-length", "9");

        sender.SendHeaders(reply, endStream: false);
        sender.SendData(new ReadOnlySequence<byte>("not found"u8.ToArray()), endStream: true);

        Assert.Equal(BoltFrames.Response(5, (ushort)expected, codec: 11), _connection.WrittenBytes);
        Assert.Equal(0, server.ActiveStreamCount);
    }

    [Fact]
    public void Dispatch_Malformed_ClosesOnlyThisConnectionWithoutAStream()
    {
        var server = Create();
        var before = XProtocolStats.MalformedFrames;
        var bad = BoltFrames.Request(1);
        bad[1] = 9;

        server.Dispatch(Buffer(bad));

        Assert.Empty(_callbacks.Streams);
        Assert.Equal(ConnectionCloseType.NoFlush, _connection.ClosedWith);
        Assert.True(XProtocolStats.MalformedFrames > before);
    }

    [Fact]
    public void Dispatch_ConnectionCloses_InFlightStreamsReset()
    {
        var server = Create();
        server.Dispatch(Buffer(BoltFrames.Request(1)));
        var (sender, receiver) = Assert.Single(_callbacks.Streams);
        sender.Stream.AddEventListener(receiver);

        _connection.Close(ConnectionCloseType.NoFlush, ConnectionEvent.RemoteClose);

        SpinWait.SpinUntil(() => receiver.Reset is not null, TimeSpan.FromSeconds(10));
        Assert.Equal(Abstractions.Streams.StreamResetReason.ConnectionTermination, receiver.Reset);
        Assert.Equal(0, server.ActiveStreamCount);
    }

    [Fact]
    public void Dispatch_PastMaxConcurrentRequests_AnsweredBusy()
    {
        var server = Create(new XProtocolOptions { MaxConcurrentRequests = 1 });

        server.Dispatch(Buffer([.. BoltFrames.Request(1), .. BoltFrames.Request(2)]));

        Assert.Single(_callbacks.Streams);
        Assert.Equal(BoltFrames.Response(2, (ushort)BoltResponseStatus.ServerThreadpoolBusy), _connection.WrittenBytes);
    }

    [Fact]
    public void Dispatch_ReusedInFlightId_ClosesTheConnection()
    {
        var server = Create();

        server.Dispatch(Buffer([.. BoltFrames.Request(1), .. BoltFrames.Request(1)]));

        Assert.Single(_callbacks.Streams);
        Assert.Equal(ConnectionCloseType.NoFlush, _connection.ClosedWith);
    }

    [Fact]
    public void OneWayRequest_ResponseIsDropped()
    {
        var server = Create();
        server.Dispatch(Buffer(BoltFrames.Request(3, type: 2)));
        var (sender, _) = Assert.Single(_callbacks.Streams);

        sender.SendHeaders(new HeaderMap([new(PseudoHeaders.Status, "200")]), endStream: true);

        Assert.Empty(_connection.WrittenBytes);
        Assert.Equal(0, server.ActiveStreamCount);
    }

    [Theory]
    [InlineData(750, "750")]
    [InlineData(0, null)]
    [InlineData(-1, null)]
    public void Dispatch_FrameTimeout_CarriedAsRequestTimeoutWhenPositive(int timeout, string? expected)
    {
        var server = Create();

        server.Dispatch(Buffer(BoltFrames.Request(5, timeout, "", [("service", "svc")])));

        var (_, receiver) = Assert.Single(_callbacks.Streams);
        Assert.Equal(expected, receiver.Headers!.Get(PseudoHeaders.RequestTimeout));
    }
}
