using System.Text;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http2.Frames;
using Mosn.Protocols.Http2.Tests.TestSupport;

namespace Mosn.Protocols.Http2.Tests.Connection;

/// <summary>
/// The server side driven by a hand-built client: the request/response exchange, RFC 9113 §8 message validation, local
/// answers (431, 501, 100) and the server-only abuse limits (concurrency, rapid reset).
/// </summary>
public sealed partial class Http2ServerConnectionTests
{
    // ------------------------------------------------------------ start-up

    [Fact]
    public void Constructor_Always_WritesSettingsWithLimitsAndOpensConnectionWindow()
    {
        var options = new ProtocolOptions { MaxConcurrentStreams = 7, InitialStreamWindowSize = 100_000, InitialConnectionWindowSize = 1_000_000 };
        var server = new ServerHarness(options);

        var frames = server.TakeFrames();

        Assert.Equal(2, frames.Count);
        var settings = frames[0];
        Assert.Equal(Http2FrameType.Settings, settings.Type);
        Assert.False(settings.IsAck);
        Assert.Equal(7u, settings.Setting(Http2SettingsParameter.MaxConcurrentStreams));
        Assert.Equal(100_000u, settings.Setting(Http2SettingsParameter.InitialWindowSize));
        Assert.Equal((uint)(options.MaxHeaderSize + (32 * options.MaxHeaderCount)), settings.Setting(Http2SettingsParameter.MaxHeaderListSize));
        Assert.Equal(new ReceivedFrame(Http2FrameType.WindowUpdate, Http2FrameFlags.None, 0) { WindowIncrement = 1_000_000 - 65_535 }, frames[1]);
    }

    [Fact]
    public void Dispatch_PrefaceAndSettings_AcknowledgesSettings()
    {
        var server = new ServerHarness();
        server.TakeFrames();

        var frames = server.Handshake(new Http2Setting(Http2SettingsParameter.MaxFrameSize, 32_768));

        var ack = Assert.Single(frames);
        Assert.Equal(Http2FrameType.Settings, ack.Type);
        Assert.True(ack.IsAck);
        Assert.False(server.IsClosed);
    }

    [Fact]
    public void Dispatch_PrefaceInPieces_WaitsForTheRest()
    {
        var server = new ServerHarness();
        server.TakeFrames();
        var bytes = PeerWriter.Preface().Concat(PeerWriter.Settings()).ToArray();

        for (var i = 0; i < bytes.Length; i++)
        {
            server.Feed(bytes[i..(i + 1)]);
        }

        Assert.True(Assert.Single(server.TakeFrames()).IsAck);
    }

    [Fact]
    public void Dispatch_InvalidPreface_SendsGoAwayProtocolError()
    {
        var server = new ServerHarness();
        server.TakeFrames();

        server.Feed(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));

        server.ExpectGoAway(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public void Dispatch_FirstFrameNotSettings_SendsGoAwayProtocolError()
    {
        var server = new ServerHarness();
        server.TakeFrames();

        server.Feed(PeerWriter.Preface(), PeerWriter.Ping(1));

        server.ExpectGoAway(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public void Dispatch_PrefaceCutByEndOfStream_ClosesWithoutGoAway()
    {
        var server = new ServerHarness();
        server.TakeFrames();

        server.Feed(PeerWriter.Preface()[..10]);
        server.Dispatch(endOfStream: true);

        Assert.True(server.IsClosed);
        Assert.Empty(server.TakeFrames());
    }

    // ------------------------------------------------------------ requests

    [Fact]
    public void Dispatch_RequestHeaders_MapsPseudoHeadersAndRaisesOnNewStream()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(server.Peer.Headers(1, endStream: true, (":method", "POST"), (":scheme", "https"), (":authority", "api.example.com"), (":path", "/v1/items?x=1"), ("x-custom", "a b")));

        var stream = Assert.Single(server.Streams);
        var headers = stream.Receiver.Headers!;
        Assert.Equal("POST", headers.Get(PseudoHeaders.Method));
        Assert.Equal("https", headers.Get(PseudoHeaders.Scheme));
        Assert.Equal("api.example.com", headers.Get(PseudoHeaders.Authority));
        Assert.Equal("/v1/items?x=1", headers.Get(PseudoHeaders.Path));
        Assert.Equal("a b", headers.Get("x-custom"));
        Assert.True(stream.Receiver.HeadersEndStream);
        Assert.Equal(1ul, stream.Stream.Id);
        Assert.Equal(1, server.Codec.ActiveStreamCount);
    }

    [Fact]
    public void Dispatch_HostWithoutAuthority_BecomesAuthority()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(server.Peer.Headers(1, endStream: true, (":method", "GET"), (":scheme", "http"), (":path", "/"), ("host", "from-host.example")));

        var headers = Assert.Single(server.Streams).Receiver.Headers!;
        Assert.Equal("from-host.example", headers.Get(PseudoHeaders.Authority));
        Assert.Null(headers.Get("host"));
    }

    [Fact]
    public void Dispatch_HostEqualToAuthority_Accepted()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(server.Peer.Headers(1, endStream: true, (":method", "GET"), (":scheme", "http"), (":authority", "a.example"), (":path", "/"), ("host", "A.example")));

        Assert.Equal("a.example", Assert.Single(server.Streams).Receiver.Headers!.Get(PseudoHeaders.Authority));
    }

    [Fact]
    public void Dispatch_SeveralCookieFields_JoinedWithSemicolon()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(server.Peer.Request(1, endStream: true, extra: [("cookie", "a=1"), ("x", "y"), ("cookie", "b=2")]));

        Assert.Equal("a=1; b=2", Assert.Single(server.Streams).Receiver.Headers!.Get("cookie"));
    }

    [Fact]
    public void Dispatch_DataFrames_DeliveredInOrderWithEndStream()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST");

        server.Feed(server.Peer.Data(1, Encoding.ASCII.GetBytes("hello "), false), server.Peer.Data(1, Encoding.ASCII.GetBytes("world"), false), server.Peer.Data(1, [], true));

        Assert.Equal("hello world", stream.Receiver.BodyText);
        Assert.True(stream.Receiver.Ended);
        Assert.Equal(3, stream.Receiver.DataCalls);
    }

    [Fact]
    public void Dispatch_PaddedData_DeliversContentOnly()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST");

        // Pad Length 3, "abc", 3 octets of padding.
        server.Feed(PeerWriter.Raw(Http2FrameType.Data, Http2FrameFlags.Padded | Http2FrameFlags.EndStream, 1, [3, (byte)'a', (byte)'b', (byte)'c', 0, 0, 0]));

        Assert.Equal("abc", stream.Receiver.BodyText);
        Assert.True(stream.Receiver.Ended);
    }

    [Fact]
    public void Dispatch_Trailers_DeliveredAfterData()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST");

        server.Feed(server.Peer.Data(1, Encoding.ASCII.GetBytes("body"), false), server.Peer.Headers(1, endStream: true, ("grpc-status", "0")));

        Assert.Equal("body", stream.Receiver.BodyText);
        Assert.Equal("0", stream.Receiver.Trailers!.Get("grpc-status"));
        Assert.True(stream.Receiver.Ended);
        Assert.Empty(server.TakeFrames());
    }

    [Fact]
    public void Dispatch_FramesSplitAcrossReads_Reassembled()
    {
        var server = new ServerHarness();
        server.Handshake();
        var bytes = server.Peer.Request(1, endStream: false, "POST").Concat(server.Peer.Data(1, PeerWriter.Fill(1000), true)).ToArray();

        for (var i = 0; i < bytes.Length; i += 7)
        {
            server.Feed(bytes[i..Math.Min(bytes.Length, i + 7)]);
        }

        var stream = Assert.Single(server.Streams);
        Assert.Equal(PeerWriter.Fill(1000), Encoding.Latin1.GetBytes(stream.Receiver.BodyText));
        Assert.True(stream.Receiver.Ended);
    }

    [Fact]
    public void Dispatch_HeadersSplitIntoContinuations_Decoded()
    {
        var server = new ServerHarness();
        server.Handshake();
        var block = server.Peer.Block([(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("x-long", new string('v', 3000))]);
        var headers = PeerWriter.Raw(Http2FrameType.Headers, Http2FrameFlags.EndStream, 1, block[..1000]);
        var continuation1 = PeerWriter.Raw(Http2FrameType.Continuation, Http2FrameFlags.None, 1, block[1000..2000]);
        var continuation2 = PeerWriter.Raw(Http2FrameType.Continuation, Http2FrameFlags.EndHeaders, 1, block[2000..]);

        server.Feed(headers, continuation1, continuation2);

        Assert.Equal(3000, Assert.Single(server.Streams).Receiver.Headers!.Get("x-long")!.Length);
    }

    [Fact]
    public void Dispatch_ManyStreams_MultiplexedIndependently()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(
            server.Peer.Request(1, false, "POST"),
            server.Peer.Request(3, false, "POST"),
            server.Peer.Data(3, Encoding.ASCII.GetBytes("three"), true),
            server.Peer.Data(1, Encoding.ASCII.GetBytes("one"), true));

        Assert.Equal(2, server.Streams.Count);
        Assert.Equal("one", server.Streams[0].Receiver.BodyText);
        Assert.Equal("three", server.Streams[1].Receiver.BodyText);
        Assert.Equal(3ul, server.Streams[1].Stream.Id);
    }

    // ------------------------------------------------------------ responses

    [Fact]
    public void SendHeadersDataTrailers_Response_EncodedAndDecodable()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: true);
        server.TakeFrames();

        stream.Sender.SendHeaders(ServerHarness.Status(200, ("content-type", "text/plain"), ("Connection", "keep-alive"), ("X-Mixed-Case", "v")), endStream: false);
        stream.Sender.SendData(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("abc")), endStream: false);
        stream.Sender.SendTrailers(ServerHarness.Status(0, ("grpc-status", "0")).Without(PseudoHeaders.Status));

        var frames = server.TakeFrames();
        Assert.Equal(3, frames.Count);
        Assert.Equal(Http2FrameType.Headers, frames[0].Type);
        Assert.Equal(
            [new(":status", "200"), new("content-type", "text/plain"), new("x-mixed-case", "v")],
            frames[0].Headers);
        Assert.False(frames[0].EndStream);
        Assert.Equal("abc", Encoding.ASCII.GetString(frames[1].Data));
        Assert.False(frames[1].EndStream);
        Assert.Equal([new("grpc-status", "0")], frames[2].Headers);
        Assert.True(frames[2].EndStream);
        Assert.Equal(0, server.Codec.ActiveStreamCount);
    }

    [Fact]
    public void SendHeaders_EndStreamAfterCompleteRequest_ClosesStreamWithoutReset()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: true);
        server.TakeFrames();

        stream.Sender.SendHeaders(ServerHarness.Status(204), endStream: true);
        server.Settle();

        var frame = Assert.Single(server.TakeFrames());
        Assert.True(frame.EndStream);
        Assert.Equal(0, server.Codec.ActiveStreamCount);
        Assert.Empty(stream.Listener.Resets);
    }

    [Fact]
    public void SendData_ResponseEndsBeforeRequest_SendsRstStreamNoError()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST");
        server.TakeFrames();

        ServerHarness.Respond(stream.Sender, 200, "early");

        var frames = server.TakeFrames();
        Assert.Equal(Http2FrameType.Headers, frames[0].Type);
        Assert.True(frames[1].EndStream);
        Assert.Equal(new ReceivedFrame(Http2FrameType.RstStream, Http2FrameFlags.None, 1) { ErrorCode = Http2ErrorCode.NoError }, frames[2]);
        Assert.Equal(0, server.Codec.ActiveStreamCount);

        // The client's in-flight body is dropped quietly, and the connection goes on.
        server.Feed(server.Peer.Data(1, 100, endStream: true));
        Assert.Empty(server.TakeFrames());
        server.AssertServes(3);
    }

    [Fact]
    public void SendHeaders_AfterPeerReset_WritesNothing()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST");
        server.TakeFrames();

        server.Feed(PeerWriter.RstStream(1, Http2ErrorCode.Cancel));
        stream.Sender.SendHeaders(ServerHarness.Status(200), endStream: true);

        Assert.Equal([StreamResetReason.RemoteReset], stream.Listener.Resets);
        Assert.Empty(server.TakeFrames());
    }

    [Fact]
    public void ResetStream_Local_SendsRstStreamAndNotifiesListeners()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: true);
        server.TakeFrames();

        stream.Stream.ResetStream(StreamResetReason.LocalReset);
        stream.Stream.ResetStream(StreamResetReason.LocalReset);
        server.Settle();

        server.ExpectRst(1, Http2ErrorCode.Cancel);
        Assert.Equal([StreamResetReason.LocalReset], stream.Listener.Resets);
        Assert.Equal(0, server.Codec.ActiveStreamCount);
    }

    [Fact]
    public void Dispatch_PeerRstStream_ResetsOnlyThatStream()
    {
        var server = new ServerHarness();
        server.Handshake();
        var first = server.Open(1, endStream: false, "POST");
        var second = server.Open(3, endStream: false, "POST");
        var before = Http2Stats.DownstreamResetsReceived;

        server.Feed(PeerWriter.RstStream(1, Http2ErrorCode.Cancel), server.Peer.Data(3, Encoding.ASCII.GetBytes("x"), true));

        Assert.Equal([StreamResetReason.RemoteReset], first.Listener.Resets);
        Assert.Empty(second.Listener.Resets);
        Assert.Equal("x", second.Receiver.BodyText);
        Assert.True(Http2Stats.DownstreamResetsReceived > before);
    }

    [Fact]
    public void Dispatch_PeerRstStreamRefused_ReportsRefusedStream()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST");

        server.Feed(PeerWriter.RstStream(1, Http2ErrorCode.RefusedStream));

        Assert.Equal([StreamResetReason.RefusedStream], stream.Listener.Resets);
    }

    // ------------------------------------------------------------ GOAWAY

    [Fact]
    public async Task GoAway_Graceful_RefusesLaterStreamsAndClosesWhenDone()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: true);
        server.TakeFrames();

        server.Codec.GoAway();
        var goAway = Assert.Single(server.TakeFrames());
        Assert.Equal(Http2FrameType.GoAway, goAway.Type);
        Assert.Equal(Http2ErrorCode.NoError, goAway.ErrorCode);
        Assert.Equal(1u, goAway.LastStreamId);
        Assert.False(server.IsClosed);

        server.Feed(server.Peer.Request(3, endStream: true));
        Assert.Single(server.Streams);
        Assert.Equal(Http2ErrorCode.RefusedStream, Assert.Single(server.TakeFrames()).ErrorCode);

        ServerHarness.Respond(stream.Sender, 200, "bye");
        await WaitClosedAsync(server); // after the GOAWAY grace (a second from the GOAWAY)
    }

    private static async Task WaitClosedAsync(ServerHarness server)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!server.IsClosed && Environment.TickCount64 < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(server.IsClosed);
    }

    [Fact]
    public async Task GoAway_Idle_StaysOpenForTheGraceThenCloses()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Codec.GoAway();

        // A request the client sent before it saw the GOAWAY is refused (retryable), not cut by a closed connection.
        Assert.False(server.IsClosed);
        server.Feed(server.Peer.Request(1, endStream: true));
        Assert.Equal(Http2ErrorCode.RefusedStream, server.TakeFrames().Last().ErrorCode);

        await WaitClosedAsync(server);
        Assert.Equal(ConnectionCloseTypeFlush, server.Connection.ClosedWith);
    }

    [Fact]
    public void Dispatch_PeerGoAway_NotifiesCallbacksOnce()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(PeerWriter.GoAway(0, Http2ErrorCode.NoError));

        Assert.Equal(1, server.GoAwayCalls);
        Assert.False(server.IsClosed);
    }

    [Fact]
    public void OnEvent_ConnectionClosed_ResetsOpenStreams()
    {
        var server = new ServerHarness();
        server.Handshake();
        var first = server.Open(1, endStream: false, "POST");
        var second = server.Open(3, endStream: true);

        server.Connection.Close(Abstractions.Network.ConnectionCloseType.NoFlush, Abstractions.Network.ConnectionEvent.RemoteClose);
        server.Settle();

        Assert.Equal([StreamResetReason.ConnectionTermination], first.Listener.Resets);
        Assert.Equal([StreamResetReason.ConnectionTermination], second.Listener.Resets);
        Assert.Equal(0, server.Codec.ActiveStreamCount);
    }

    private const Abstractions.Network.ConnectionCloseType ConnectionCloseTypeFlush = Abstractions.Network.ConnectionCloseType.FlushWrite;
}
