using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http2.Frames;
using Mosn.Protocols.Http2.HPack;
using Mosn.Protocols.Http2.Tests.TestSupport;

namespace Mosn.Protocols.Http2.Tests.Connection;

/// <summary>RFC 9113 §5.1 stream states as the server sees the client's frames.</summary>
public sealed partial class Http2ServerConnectionTests
{
    [Fact]
    public void Dispatch_DataOnIdleStream_GoAwayProtocolError()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(server.Peer.Data(1, 10, endStream: true));

        server.ExpectGoAway(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public void Dispatch_RstStreamOnIdleStream_GoAwayProtocolError()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(PeerWriter.RstStream(5, Http2ErrorCode.Cancel));

        server.ExpectGoAway(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public void Dispatch_WindowUpdateOnIdleStream_GoAwayProtocolError()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(PeerWriter.WindowUpdate(7, 100));

        server.ExpectGoAway(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public void Dispatch_ContinuationWithoutHeaders_GoAwayProtocolError()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(PeerWriter.Raw(Http2FrameType.Continuation, Http2FrameFlags.EndHeaders, 1, [0x82]));

        server.ExpectGoAway(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public void Dispatch_EvenStreamIdFromClient_GoAwayProtocolError()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(server.Peer.Request(2, endStream: true));

        Assert.Empty(server.Streams);
        server.ExpectGoAway(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public void Dispatch_HeadersOnClosedStream_GoAwayStreamClosed()
    {
        var server = new ServerHarness { AutoRespond = true };
        server.Handshake();
        server.Open(1, endStream: true);
        server.TakeFrames();

        server.Feed(server.Peer.Request(1, endStream: true));

        server.ExpectGoAway(Http2ErrorCode.StreamClosed);
    }

    /// <summary>
    /// RFC 9113 §5.1.1: a new stream id must be greater than every id the client used; a smaller one is a connection
    /// error of type PROTOCOL_ERROR (h2spec 5.1.1/2). Stream 3 was never opened, so it is not a "closed stream" case.
    /// </summary>
    [Fact]
    public void Dispatch_StreamIdLowerThanPrevious_GoAwayProtocolError()
    {
        var server = new ServerHarness();
        server.Handshake();
        server.Open(5, endStream: true);
        server.TakeFrames();

        server.Feed(server.Peer.Request(3, endStream: true));

        server.ExpectGoAway(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public void Dispatch_DataAfterEndStream_RstStreamClosedOthersUnaffected()
    {
        var server = new ServerHarness();
        server.Handshake();
        var ended = server.Open(1, endStream: true);
        var other = server.Open(3, endStream: false, "POST");
        server.TakeFrames();

        server.Feed(server.Peer.Data(1, 4, endStream: false), server.Peer.Data(3, 2, endStream: true));

        server.ExpectRst(1, Http2ErrorCode.StreamClosed);
        Assert.Equal([StreamResetReason.ProtocolError], ended.Listener.Resets);
        Assert.Equal(2, other.Receiver.BodyLength);
        Assert.True(other.Receiver.Ended);
        Assert.Empty(other.Listener.Resets);
    }

    [Fact]
    public void Dispatch_HeadersAfterEndStreamOnOpenStream_RstStreamClosed()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: true);
        server.TakeFrames();

        server.Feed(server.Peer.Headers(1, true, ("x-late", "1")));

        server.ExpectRst(1, Http2ErrorCode.StreamClosed);
        Assert.Null(stream.Receiver.Trailers);
    }

    [Fact]
    public void Dispatch_TrailersWithoutEndStream_RstProtocolError()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST");
        var other = server.Open(3, endStream: false, "POST");
        server.TakeFrames();

        server.Feed(server.Peer.Headers(1, endStream: false, ("x-trailer", "v")));

        server.ExpectRst(1, Http2ErrorCode.ProtocolError);
        Assert.Equal([StreamResetReason.ProtocolError], stream.Listener.Resets);
        Assert.Empty(other.Listener.Resets);
    }

    [Fact]
    public void Dispatch_DataAfterPeerReset_IgnoredWithoutError()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST");
        server.TakeFrames();

        server.Feed(PeerWriter.RstStream(1, Http2ErrorCode.Cancel), PeerWriter.WindowUpdate(1, 10), PeerWriter.Priority(1));

        Assert.Empty(server.TakeFrames());
        Assert.Equal(0, stream.Receiver.DataCalls);
        server.AssertServes(3);
    }

    /// <summary>
    /// RFC 9113 §5.1 (closed): "An endpoint MUST ignore frames that it receives on closed streams after it has sent a
    /// RST_STREAM frame." Trailers in flight when we reset the stream (here: the response ended first and we sent
    /// RST_STREAM(NO_ERROR)) must be decoded (HPACK stays in step) and dropped, not kill the connection.
    /// </summary>
    [Fact]
    public void Dispatch_TrailersInFlightAfterOurRstStream_IgnoredAndConnectionSurvives()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST");
        var other = server.Open(3, endStream: false, "POST");
        ServerHarness.Respond(stream.Sender, 200, "early");
        server.TakeFrames();

        server.Feed(server.Peer.Data(1, 10, false), server.Peer.HeadersBlock(1, server.Peer.Block([("x-trailer", "v")], HPackIndexing.Incremental), endStream: true));

        Assert.DoesNotContain(server.TakeFrames(), f => f.Type == Http2FrameType.GoAway);
        Assert.False(server.IsClosed);
        Assert.Empty(other.Listener.Resets);
        // The trailer block indexed a field: a later block that refers to it must still decode.
        server.Feed(server.Peer.HeadersBlock(3, server.Peer.Block([("x-trailer", "v")], HPackIndexing.Incremental), endStream: true));
        Assert.Equal("v", other.Receiver.Trailers!.Get("x-trailer"));
    }

    /// <summary>Same rule for a stream we refused or rejected: the client's trailers may already be on the wire.</summary>
    [Fact]
    public void Dispatch_TrailersInFlightAfterMalformedRequestReset_IgnoredAndConnectionSurvives()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(server.Peer.Headers(1, endStream: false, (":method", "POST"), (":path", "/")));
        server.ExpectRst(1, Http2ErrorCode.ProtocolError);
        server.Feed(server.Peer.Data(1, 10, false), server.Peer.Headers(1, endStream: true, ("x-trailer", "v")));

        Assert.DoesNotContain(server.TakeFrames(), f => f.Type == Http2FrameType.GoAway);
        server.AssertServes(3);
    }

    [Fact]
    public void Dispatch_PriorityOnIdleStream_Accepted()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(PeerWriter.Priority(9, 0));

        Assert.Empty(server.TakeFrames());
        server.AssertServes(11);
    }

    [Fact]
    public void Dispatch_SelfDependentHeaders_RstProtocolErrorAndHpackInStep()
    {
        var server = new ServerHarness();
        server.Handshake();
        var block = server.Peer.Block([(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("x-indexed", "1")], HPackIndexing.Incremental);
        var payload = new byte[5 + block.Length];
        payload[3] = 1; // depends on stream 1 (itself)
        payload[4] = 15;
        block.CopyTo(payload, 5);

        server.Feed(PeerWriter.Raw(Http2FrameType.Headers, Http2FrameFlags.Priority | Http2FrameFlags.EndHeaders | Http2FrameFlags.EndStream, 1, payload));

        server.ExpectRst(1, Http2ErrorCode.ProtocolError);
        server.Feed(server.Peer.HeadersBlock(3, server.Peer.Block([(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("x-indexed", "1")], HPackIndexing.Incremental), endStream: true));
        Assert.Equal("1", Assert.Single(server.Streams).Receiver.Headers!.Get("x-indexed"));
    }
}
