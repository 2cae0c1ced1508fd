using System.Text;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http2.Connection;
using Mosn.Protocols.Http2.Frames;
using Mosn.Protocols.Http2.Tests.TestSupport;

namespace Mosn.Protocols.Http2.Tests.Connection;

/// <summary>The client (upstream) side driven by a hand-built server.</summary>
public sealed class Http2ClientConnectionTests
{
    [Fact]
    public void Constructor_Always_WritesPrefaceSettingsWithoutPushAndConnectionWindow()
    {
        var client = new ClientHarness(new ProtocolOptions { InitialStreamWindowSize = 100_000, InitialConnectionWindowSize = 500_000 });

        var frames = client.TakeFrames();

        Assert.True(client.Wire.SawPreface);
        Assert.Equal(2, frames.Count);
        Assert.Equal(Http2FrameType.Settings, frames[0].Type);
        Assert.Equal(0u, frames[0].Setting(Http2SettingsParameter.EnablePush));
        Assert.Equal(100_000u, frames[0].Setting(Http2SettingsParameter.InitialWindowSize));
        Assert.Null(frames[0].Setting(Http2SettingsParameter.MaxConcurrentStreams));
        Assert.Equal(Http2FrameType.WindowUpdate, frames[1].Type);
        Assert.Equal(500_000u - 65_535u, frames[1].WindowIncrement);
    }

    [Fact]
    public void Dispatch_ServerSettings_Acknowledged()
    {
        var client = new ClientHarness();
        client.TakeFrames();

        client.Feed(PeerWriter.Settings(new Http2Setting(Http2SettingsParameter.MaxConcurrentStreams, 10)));

        Assert.True(Assert.Single(client.TakeFrames()).IsAck);
    }

    [Fact]
    public void Dispatch_ServerFirstFrameNotSettings_GoAwayProtocolError()
    {
        var client = new ClientHarness();
        client.TakeFrames();

        client.Feed(PeerWriter.Ping(1));

        client.ExpectGoAway(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public void Dispatch_ServerEnablesPush_GoAwayProtocolError()
    {
        var client = new ClientHarness();
        client.TakeFrames();

        client.Feed(PeerWriter.Settings(new Http2Setting(Http2SettingsParameter.EnablePush, 1)));

        client.ExpectGoAway(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public void SendHeaders_StreamIds_AssignedInSendOrder()
    {
        var client = new ClientHarness();
        client.Handshake();
        var a = client.NewStream();
        var b = client.NewStream();
        var c = client.NewStream();

        b.Sender.SendHeaders(ClientHarness.Request(), endStream: true);
        c.Sender.SendHeaders(ClientHarness.Request(), endStream: true);
        a.Sender.SendHeaders(ClientHarness.Request(), endStream: true);

        Assert.Equal([1u, 3u, 5u], client.TakeFrames().Select(f => f.StreamId));
        Assert.Equal(1ul, b.Stream.Id);
        Assert.Equal(3ul, c.Stream.Id);
        Assert.Equal(5ul, a.Stream.Id);
    }

    [Fact]
    public void SendHeaders_Request_PseudoHeadersFirstConnectionSpecificDropped()
    {
        var client = new ClientHarness();
        client.Handshake();
        var stream = client.NewStream();

        stream.Sender.SendHeaders(
            ClientHarness.Request("POST", "/submit", ("Content-Type", "text/plain"), ("Connection", "keep-alive"), ("Keep-Alive", "5"),
                ("Transfer-Encoding", "chunked"), ("Host", "ignored"), ("TE", "trailers"), ("Upgrade", "h2c"), ("Proxy-Connection", "x")),
            endStream: false);

        var headers = Assert.Single(client.TakeFrames());
        Assert.Equal(
            [new(":method", "POST"), new(":scheme", "http"), new(":authority", "backend"), new(":path", "/submit"), new("content-type", "text/plain"), new("te", "trailers")],
            headers.Headers);
        Assert.False(headers.EndStream);
    }

    [Fact]
    public void SendHeaders_HostOnly_BecomesAuthority()
    {
        var client = new ClientHarness();
        client.Handshake();
        var stream = client.NewStream();

        stream.Sender.SendHeaders(ClientHarness.Headers((PseudoHeaders.Method, "GET"), (PseudoHeaders.Path, "/"), ("host", "h.example")), endStream: true);

        var headers = Assert.Single(client.TakeFrames());
        Assert.Equal("h.example", headers.Header(":authority"));
        Assert.Equal("http", headers.Header(":scheme"));
        Assert.Null(headers.Header("host"));
    }

    [Fact]
    public void Dispatch_Response_DeliveredAndStreamCompletes()
    {
        var client = new ClientHarness();
        client.Handshake();
        var stream = client.Send();
        client.TakeFrames();
        var before = Http2Stats.UpstreamResponses;

        client.Feed(client.Peer.Response(1, false, 200, ("content-type", "text/plain")), client.Peer.Data(1, Encoding.ASCII.GetBytes("hello"), false), client.Peer.Headers(1, true, ("grpc-status", "0")));

        Assert.Equal("200", stream.Receiver.Headers!.Get(PseudoHeaders.Status));
        Assert.Equal("text/plain", stream.Receiver.Headers!.Get("content-type"));
        Assert.Equal("hello", stream.Receiver.BodyText);
        Assert.Equal("0", stream.Receiver.Trailers!.Get("grpc-status"));
        Assert.Empty(stream.Listener.Resets);
        Assert.Equal(1, client.StreamCompleteCalls);
        Assert.Equal(0, client.Codec.ActiveStreamCount);
        Assert.True(Http2Stats.UpstreamResponses > before);
    }

    [Fact]
    public void Dispatch_InformationalResponses_SkippedBeforeFinal()
    {
        var client = new ClientHarness();
        client.Handshake();
        var stream = client.Send();

        client.Feed(client.Peer.Response(1, false, 100), client.Peer.Response(1, false, 103, ("link", "</a>")), client.Peer.Response(1, true, 204));

        Assert.Equal("204", stream.Receiver.Headers!.Get(PseudoHeaders.Status));
        Assert.True(stream.Receiver.HeadersEndStream);
        Assert.Equal(1, client.StreamCompleteCalls);
    }

    [Theory]
    [InlineData(101, false)]
    [InlineData(100, true)]
    public void Dispatch_InvalidInformationalResponse_RstProtocolError(int status, bool endStream)
    {
        var client = new ClientHarness();
        client.Handshake();
        var stream = client.Send();
        client.TakeFrames();

        client.Feed(client.Peer.Response(1, endStream, status));

        var rst = Assert.Single(client.TakeFrames());
        Assert.Equal(Http2ErrorCode.ProtocolError, rst.ErrorCode);
        Assert.Equal([StreamResetReason.ProtocolError], stream.Listener.Resets);
        Assert.Null(stream.Receiver.Headers);
    }

    public static TheoryData<string, (string, string)[]> MalformedResponses => new()
    {
        { "no :status", [("content-type", "x")] },
        { ":status not 3 digits", [(":status", "20")] },
        { "request pseudo", [(":status", "200"), (":path", "/")] },
        { "uppercase name", [(":status", "200"), ("Content-Type", "x")] },
        { "connection header", [(":status", "200"), ("connection", "close")] },
    };

    [Theory]
    [MemberData(nameof(MalformedResponses))]
    public void Dispatch_MalformedResponse_RstProtocolErrorOnlyThatStream(string reason, (string, string)[] fields)
    {
        var client = new ClientHarness();
        client.Handshake();
        var bad = client.Send();
        var good = client.Send();
        client.TakeFrames();

        client.Feed(client.Peer.Headers(1, true, fields), client.Peer.Response(3, true));

        var rst = Assert.Single(client.TakeFrames());
        Assert.True(rst.StreamId == 1 && rst.ErrorCode == Http2ErrorCode.ProtocolError, reason);
        Assert.Equal([StreamResetReason.ProtocolError], bad.Listener.Resets);
        Assert.Equal("200", good.Receiver.Headers!.Get(PseudoHeaders.Status));
    }

    [Fact]
    public void Dispatch_ResponseBodyShorterThanContentLength_RstProtocolError()
    {
        var client = new ClientHarness();
        client.Handshake();
        var stream = client.Send();
        client.TakeFrames();

        client.Feed(client.Peer.Response(1, false, 200, ("content-length", "10")), client.Peer.Data(1, 4, true));

        Assert.Equal(Http2ErrorCode.ProtocolError, Assert.Single(client.TakeFrames()).ErrorCode);
        Assert.Equal([StreamResetReason.ProtocolError], stream.Listener.Resets);
    }

    [Fact]
    public void Dispatch_HeadResponseWithContentLengthAndNoBody_Accepted()
    {
        var client = new ClientHarness();
        client.Handshake();
        var stream = client.Send(method: "HEAD");
        client.TakeFrames();

        client.Feed(client.Peer.Response(1, true, 200, ("content-length", "1234")));

        Assert.Empty(client.TakeFrames());
        Assert.True(stream.Receiver.Ended);
        Assert.Empty(stream.Listener.Resets);
    }

    [Fact]
    public void Dispatch_DataBeforeResponseHeaders_RstProtocolError()
    {
        var client = new ClientHarness();
        client.Handshake();
        var stream = client.Send();
        client.TakeFrames();

        client.Feed(client.Peer.Data(1, 5, true));

        Assert.Equal(Http2ErrorCode.ProtocolError, Assert.Single(client.TakeFrames()).ErrorCode);
        Assert.Equal([StreamResetReason.ProtocolError], stream.Listener.Resets);
    }

    [Fact]
    public void Dispatch_HeadersOnServerInitiatedStream_GoAwayProtocolError()
    {
        var client = new ClientHarness();
        client.Handshake();

        client.Feed(client.Peer.Response(2, true));

        client.ExpectGoAway(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public void Dispatch_PushPromise_GoAwayProtocolError()
    {
        var client = new ClientHarness();
        client.Handshake();
        var stream = client.Send();
        client.TakeFrames();
        var block = client.Peer.Block([(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/pushed")]);

        client.Feed(PeerWriter.Raw(Http2FrameType.PushPromise, Http2FrameFlags.EndHeaders, 1, [0, 0, 0, 2, .. block]));

        client.ExpectGoAway(Http2ErrorCode.ProtocolError);
        Assert.Equal([StreamResetReason.ConnectionTermination], stream.Listener.Resets);
    }

    // ------------------------------------------------------------ capacity

    [Fact]
    public void CanStartStream_AtServerMaxConcurrentStreams_False()
    {
        var client = new ClientHarness();
        client.Handshake(new Http2Setting(Http2SettingsParameter.MaxConcurrentStreams, 2));

        var first = client.Send();
        Assert.True(client.Codec.CanStartStream);
        client.NewStream(); // reserved, not yet sent: still counts
        Assert.False(client.Codec.CanStartStream);
        Assert.Equal(2, client.Codec.ActiveStreamCount);

        client.Feed(client.Peer.Response(1, true));
        Assert.Equal(1, client.StreamCompleteCalls);
        Assert.True(client.Codec.CanStartStream);
        Assert.True(first.Receiver.Ended);
    }

    [Fact]
    public void CanStartStream_BeforeServerSettings_AssumesDefaultLimit()
    {
        var client = new ClientHarness();
        client.TakeFrames();

        for (var i = 0; i < Http2ClientConnection.InitialPeerMaxConcurrentStreams; i++)
        {
            Assert.True(client.Codec.CanStartStream);
            client.NewStream();
        }

        Assert.False(client.Codec.CanStartStream);
    }

    [Fact]
    public void CanStartStream_ServerLowersLimit_False()
    {
        var client = new ClientHarness();
        client.Handshake();
        client.Send(endStream: false);
        client.Send(endStream: false);

        client.Feed(PeerWriter.Settings(new Http2Setting(Http2SettingsParameter.MaxConcurrentStreams, 1)));

        Assert.False(client.Codec.CanStartStream);
    }

    // ------------------------------------------------------------ GOAWAY and resets

    [Fact]
    public void Dispatch_GoAway_RefusesStreamsAboveLastIdAndLetsOthersFinish()
    {
        var client = new ClientHarness();
        client.Handshake();
        var first = client.Send();
        var second = client.Send();
        var third = client.Send();
        client.TakeFrames();
        var before = Http2Stats.RefusedStreams;

        client.Feed(PeerWriter.GoAway(3, Http2ErrorCode.NoError));

        Assert.Equal(1, client.GoAwayCalls);
        Assert.False(client.Codec.CanStartStream);
        Assert.Equal([StreamResetReason.RefusedStream], third.Listener.Resets);
        Assert.Empty(first.Listener.Resets);
        Assert.Empty(second.Listener.Resets);
        Assert.True(Http2Stats.RefusedStreams > before);

        client.Feed(client.Peer.Response(1, true), client.Peer.Response(3, true));
        Assert.True(first.Receiver.Ended);
        Assert.True(second.Receiver.Ended);
        Assert.True(client.IsClosed);
        Assert.Equal(3, client.StreamCompleteCalls);
    }

    /// <summary>
    /// A stream reserved before the GOAWAY is refused when it tries to start, without a frame, and its listeners hear it
    /// then: nothing else may ever run the queued callbacks (the server may have gone silent).
    /// </summary>
    [Fact]
    public void SendHeaders_ReservedStreamAfterGoAway_RefusedResetDelivered()
    {
        var client = new ClientHarness();
        client.Handshake();
        var unstarted = client.NewStream();
        client.Feed(PeerWriter.GoAway(0, Http2ErrorCode.NoError));
        client.TakeFrames();

        unstarted.Sender.SendHeaders(ClientHarness.Request(), endStream: true);

        Assert.Equal([StreamResetReason.RefusedStream], unstarted.Listener.Resets);
        Assert.Empty(client.TakeFrames());
        Assert.Equal(1, client.StreamCompleteCalls);
        Assert.True(client.IsClosed);
    }

    [Fact]
    public void NewStream_AfterGoAway_ResetRefusedAtOnce()
    {
        var client = new ClientHarness();
        client.Handshake();
        client.Send(endStream: false);
        client.Feed(PeerWriter.GoAway(1, Http2ErrorCode.NoError));

        var late = client.NewStream();

        Assert.Equal([StreamResetReason.RefusedStream], late.Listener.Resets);
    }

    [Fact]
    public void GoAway_Local_SendsGoAwayAndStopsNewStreams()
    {
        var client = new ClientHarness();
        client.Handshake();
        var stream = client.Send();
        client.TakeFrames();

        client.Codec.GoAway();

        var goAway = Assert.Single(client.TakeFrames());
        Assert.Equal(Http2FrameType.GoAway, goAway.Type);
        Assert.Equal(0u, goAway.LastStreamId);
        Assert.Equal(Http2ErrorCode.NoError, goAway.ErrorCode);
        Assert.False(client.Codec.CanStartStream);
        Assert.False(client.IsClosed);

        client.Feed(client.Peer.Response(1, true));
        Assert.True(stream.Receiver.Ended);
        Assert.True(client.IsClosed);
    }

    [Fact]
    public void Dispatch_RstNoErrorAfterCompleteResponse_NotAFailure()
    {
        var client = new ClientHarness();
        client.Handshake();
        var stream = client.Send(endStream: false, method: "POST");
        client.TakeFrames();

        client.Feed(client.Peer.Response(1, true), PeerWriter.RstStream(1, Http2ErrorCode.NoError));
        stream.Sender.SendData(new ReadOnlySequence<byte>(new byte[10]), endStream: true);

        Assert.True(stream.Receiver.Ended);
        Assert.Empty(stream.Listener.Resets);
        Assert.Equal(0, client.Codec.ActiveStreamCount);
        Assert.Equal(1, client.StreamCompleteCalls);
        Assert.Empty(client.TakeFrames());
    }

    [Fact]
    public void Dispatch_RstNoErrorBeforeResponseEnds_IsRemoteReset()
    {
        var client = new ClientHarness();
        client.Handshake();
        var stream = client.Send(endStream: false, method: "POST");

        client.Feed(client.Peer.Response(1, false), PeerWriter.RstStream(1, Http2ErrorCode.NoError));

        Assert.Equal([StreamResetReason.RemoteReset], stream.Listener.Resets);
    }

    [Fact]
    public void Dispatch_RstRefusedStream_IsRefusedStream()
    {
        var client = new ClientHarness();
        client.Handshake();
        var stream = client.Send();

        client.Feed(PeerWriter.RstStream(1, Http2ErrorCode.RefusedStream));

        Assert.Equal([StreamResetReason.RefusedStream], stream.Listener.Resets);
        Assert.Equal(1, client.StreamCompleteCalls);
    }

    [Fact]
    public void ResetStream_Unstarted_NoFrameAndCapacityFreed()
    {
        var client = new ClientHarness();
        client.Handshake(new Http2Setting(Http2SettingsParameter.MaxConcurrentStreams, 1));
        var stream = client.NewStream();
        client.TakeFrames();
        Assert.False(client.Codec.CanStartStream);

        stream.Stream.ResetStream(StreamResetReason.LocalReset);

        Assert.Equal([StreamResetReason.LocalReset], stream.Listener.Resets);
        Assert.Empty(client.TakeFrames());
        Assert.True(client.Codec.CanStartStream);
        Assert.Equal(0, client.Codec.ActiveStreamCount);
    }

    [Fact]
    public void ResetStream_Started_SendsRstCancel()
    {
        var client = new ClientHarness();
        client.Handshake();
        var stream = client.Send(endStream: false);
        client.TakeFrames();

        stream.Stream.ResetStream(StreamResetReason.GlobalTimeout);

        var rst = Assert.Single(client.TakeFrames());
        Assert.Equal(Http2FrameType.RstStream, rst.Type);
        Assert.Equal(Http2ErrorCode.Cancel, rst.ErrorCode);
        Assert.Equal([StreamResetReason.GlobalTimeout], stream.Listener.Resets);

        // The server's in-flight response on the reset stream is dropped quietly (HPACK kept in step).
        client.Feed(client.Peer.Response(1, false), client.Peer.Data(1, 10, true));
        Assert.Empty(client.TakeFrames());
        Assert.Null(stream.Receiver.Headers);
        Assert.False(client.IsClosed);
    }

    [Fact]
    public void OnEvent_ConnectionClosed_ResetsOpenStreamsAndRefusesUnstartedOnes()
    {
        var client = new ClientHarness();
        client.Handshake();
        var started = client.Send(endStream: false);
        var unstarted = client.NewStream();

        client.Connection.Close(ConnectionCloseType.NoFlush, ConnectionEvent.RemoteClose);

        Assert.Equal([StreamResetReason.ConnectionTermination], started.Listener.Resets);
        Assert.Equal([StreamResetReason.RefusedStream], unstarted.Listener.Resets); // nothing was sent: safe to retry
        Assert.False(client.Codec.CanStartStream);
        Assert.Equal(0, client.Codec.ActiveStreamCount);
    }

    [Fact]
    public void NewStream_AfterClose_ResetRefused()
    {
        var client = new ClientHarness();
        client.Handshake();
        client.Connection.Close(ConnectionCloseType.NoFlush, ConnectionEvent.RemoteClose);

        var stream = client.NewStream();

        Assert.Equal([StreamResetReason.RefusedStream], stream.Listener.Resets);
    }

    // ------------------------------------------------------------ request body

    [Fact]
    public void SendData_RequestBody_HonoursServerWindow()
    {
        var client = new ClientHarness();
        client.Handshake(new Http2Setting(Http2SettingsParameter.InitialWindowSize, 100));
        var stream = client.Send(endStream: false, method: "POST");
        client.TakeFrames();

        stream.Sender.SendData(new ReadOnlySequence<byte>(PeerWriter.Fill(250)), endStream: true);
        Assert.Equal(100, Assert.Single(client.TakeFrames()).Data.Length);

        client.Feed(PeerWriter.WindowUpdate(1, 1_000));
        var rest = Assert.Single(client.TakeFrames());
        Assert.Equal(150, rest.Data.Length);
        Assert.True(rest.EndStream);
    }

    [Fact]
    public void ReadDisable_ResponseBody_WithholdsWindowUpdate()
    {
        var client = new ClientHarness(new ProtocolOptions { InitialStreamWindowSize = 65_535, InitialConnectionWindowSize = 65_535 });
        client.Handshake();
        var stream = client.Send();
        client.Feed(client.Peer.Response(1, false));
        client.TakeFrames();

        stream.Stream.ReadDisable(true);
        client.Feed(client.Peer.Data(1, 16_384, false), client.Peer.Data(1, 16_384, false));
        Assert.Empty(client.TakeFrames());

        stream.Stream.ReadDisable(false);
        Assert.Equal(2, client.TakeFrames().Count(f => f.Type == Http2FrameType.WindowUpdate));
    }
}
