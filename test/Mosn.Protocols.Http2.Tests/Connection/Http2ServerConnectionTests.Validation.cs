using Mosn.Abstractions.Protocol;
using Mosn.Protocols.Http2.Frames;
using Mosn.Protocols.Http2.HPack;
using Mosn.Protocols.Http2.Tests.TestSupport;

namespace Mosn.Protocols.Http2.Tests.Connection;

/// <summary>RFC 9113 §8.1.1 / §8.2 / §8.3: malformed requests are reset and never reach the proxy; limits are answered locally.</summary>
public sealed partial class Http2ServerConnectionTests
{
    public static TheoryData<string, (string, string)[]> MalformedRequests => new()
    {
        { "uppercase name", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("X-Upper", "v")] },
        { "space in name", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("x y", "v")] },
        { "empty name", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("", "v")] },
        { "connection", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("connection", "close")] },
        { "keep-alive", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("keep-alive", "timeout=5")] },
        { "proxy-connection", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("proxy-connection", "x")] },
        { "transfer-encoding", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("transfer-encoding", "chunked")] },
        { "upgrade", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("upgrade", "websocket")] },
        { "te gzip", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("te", "gzip")] },
        { "pseudo after regular", [(":method", "GET"), (":scheme", "http"), ("x", "1"), (":authority", "a"), (":path", "/")] },
        { "unknown pseudo", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), (":foo", "bar")] },
        { "response pseudo in request", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), (":status", "200")] },
        { "duplicate :path", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), (":path", "/b")] },
        { "duplicate :method", [(":method", "GET"), (":method", "POST"), (":scheme", "http"), (":authority", "a"), (":path", "/")] },
        { "missing :method", [(":scheme", "http"), (":authority", "a"), (":path", "/")] },
        { "missing :scheme", [(":method", "GET"), (":authority", "a"), (":path", "/")] },
        { "missing :path", [(":method", "GET"), (":scheme", "http"), (":authority", "a")] },
        { "empty :path", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "")] },
        { "relative :path", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "index.html")] },
        { "asterisk :path on GET", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "*")] },
        { "host differs from :authority", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("host", "b")] },
        { "value with CR", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("x", "a\rb")] },
        { "value with NUL", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("x", "a\0b")] },
        { "value with leading space", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("x", " a")] },
        { "content-length not a number", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("content-length", "1x")] },
        { "content-length conflicting", [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("content-length", "1"), ("content-length", "2")] },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public void Dispatch_MalformedRequest_RstProtocolErrorAndNeverReachesOnNewStream(string reason, (string, string)[] fields)
    {
        var server = new ServerHarness();
        server.Handshake();
        var before = Http2Stats.MalformedMessages;

        server.Feed(server.Peer.Headers(1, endStream: true, fields));

        Assert.True(server.Streams.Count == 0, reason);
        server.ExpectRst(1, Http2ErrorCode.ProtocolError);
        Assert.True(Http2Stats.MalformedMessages > before);
        server.AssertServes(3);
    }

    [Fact]
    public void Dispatch_TeTrailers_Accepted()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(server.Peer.Request(1, endStream: true, extra: ("te", "trailers")));

        Assert.Equal("trailers", Assert.Single(server.Streams).Receiver.Headers!.Get("te"));
    }

    [Fact]
    public void Dispatch_OptionsAsterisk_Accepted()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(server.Peer.Request(1, endStream: true, "OPTIONS", "*"));

        Assert.Equal("*", Assert.Single(server.Streams).Receiver.Headers!.Get(PseudoHeaders.Path));
    }

    [Fact]
    public void Dispatch_MalformedStreamBetweenGoodOnes_OnlyItIsReset()
    {
        var server = new ServerHarness();
        server.Handshake();
        var first = server.Open(1, endStream: false, "POST");

        server.Feed(server.Peer.Headers(3, true, (":method", "GET"), (":path", "/")), server.Peer.Data(1, [1, 2, 3], true));

        server.ExpectRst(3, Http2ErrorCode.ProtocolError);
        Assert.Single(server.Streams);
        Assert.True(first.Receiver.Ended);
        Assert.Empty(first.Listener.Resets);
    }

    [Fact]
    public void Dispatch_DataShorterThanContentLength_RstProtocolError()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST", ("content-length", "10"));

        server.Feed(server.Peer.Data(1, 5, endStream: true));

        server.ExpectRst(1, Http2ErrorCode.ProtocolError);
        Assert.Equal([Abstractions.Streams.StreamResetReason.ProtocolError], stream.Listener.Resets);
        Assert.False(stream.Receiver.Ended);
    }

    [Fact]
    public void Dispatch_DataLongerThanContentLength_RstProtocolError()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST", ("content-length", "3"));

        server.Feed(server.Peer.Data(1, 4, endStream: false));

        server.ExpectRst(1, Http2ErrorCode.ProtocolError);
        Assert.Equal(0, stream.Receiver.DataCalls);
    }

    [Fact]
    public void Dispatch_ContentLengthWithEndStreamOnHeaders_RstProtocolError()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(server.Peer.Request(1, endStream: true, "POST", "/", ("content-length", "5")));

        Assert.Empty(server.Streams);
        server.ExpectRst(1, Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public void Dispatch_TrailersBeforeContentLengthReached_RstProtocolError()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST", ("content-length", "5"));

        server.Feed(server.Peer.Data(1, 2, false), server.Peer.Headers(1, true, ("x-trailer", "v")));

        server.ExpectRst(1, Http2ErrorCode.ProtocolError);
        Assert.Null(stream.Receiver.Trailers);
    }

    [Fact]
    public void Dispatch_TrailersWithPseudoHeader_RstProtocolError()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST");

        server.Feed(server.Peer.Headers(1, true, (":status", "200")));

        server.ExpectRst(1, Http2ErrorCode.ProtocolError);
        Assert.Null(stream.Receiver.Trailers);
    }

    [Fact]
    public void Dispatch_ContentLengthMatchesData_Delivered()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST", ("content-length", "6"));

        server.Feed(server.Peer.Data(1, 2, false), server.Peer.Data(1, 4, true));

        Assert.Equal(6, stream.Receiver.BodyLength);
        Assert.True(stream.Receiver.Ended);
        Assert.Empty(server.TakeFrames());
    }

    // ------------------------------------------------------------ local answers

    [Fact]
    public void Dispatch_TooManyFields_Answers431()
    {
        var server = new ServerHarness(new ProtocolOptions { MaxHeaderCount = 10 });
        server.Handshake();
        var before = Http2Stats.MalformedMessages;
        var extra = Enumerable.Range(0, 7).Select(i => ($"x-{i}", "v")).ToArray();

        server.Feed(server.Peer.Request(1, endStream: true, extra: extra));

        Assert.Empty(server.Streams);
        var response = Assert.Single(server.TakeFrames());
        Assert.Equal("431", response.Header(":status"));
        Assert.True(response.EndStream);
        Assert.True(Http2Stats.MalformedMessages > before);
        server.AssertServes(3);
    }

    [Fact]
    public void Dispatch_TooManyFieldsWhileClientStillSending_Answers431ThenRstNoError()
    {
        var server = new ServerHarness(new ProtocolOptions { MaxHeaderCount = 5 });
        server.Handshake();

        server.Feed(server.Peer.Request(1, endStream: false, "POST", "/", ("a", "1"), ("b", "2")));

        var frames = server.TakeFrames();
        Assert.Equal(2, frames.Count);
        Assert.Equal("431", frames[0].Header(":status"));
        Assert.Equal(Http2FrameType.RstStream, frames[1].Type);
        Assert.Equal(Http2ErrorCode.NoError, frames[1].ErrorCode);
        server.AssertServes(3);
    }

    [Fact]
    public void Dispatch_HeaderListPastLimitThroughHpackIndexing_Answers431AndKeepsHpackInStep()
    {
        var server = new ServerHarness(new ProtocolOptions { MaxHeaderSize = 2000, MaxHeaderCount = 100 });
        server.Handshake();
        var big = new string('q', 1500);

        // The first block indexes a 1.5 KB field (and stays under the 5.2 KB list limit); the second repeats it by
        // index four times: a few bytes on the wire, 6 KB decoded (an HPACK bomb in miniature).
        server.Feed(server.Peer.HeadersBlock(1, server.Peer.Block([(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("x-big", big)], HPackIndexing.Incremental), endStream: true));
        Assert.Single(server.Streams);
        server.TakeFrames();
        server.Feed(server.Peer.HeadersBlock(3, server.Peer.Block([(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/"), ("x-big", big), ("x-big", big), ("x-big", big), ("x-big", big)], HPackIndexing.Incremental), endStream: true));

        Assert.Single(server.Streams);
        Assert.Equal("431", Assert.Single(server.TakeFrames()).Header(":status"));
        server.AssertServes(5);
    }

    /// <summary>
    /// A single field whose Huffman-coded form fits the header block limit but whose decoded form passes the header list
    /// limit is a header list past the limit: 431 for that stream, the connection goes on (as for several smaller fields).
    /// </summary>
    [Fact]
    public void Dispatch_SingleHuffmanFieldPastListLimit_Answers431()
    {
        var server = new ServerHarness(new ProtocolOptions { MaxHeaderSize = 8 * 1024, MaxHeaderCount = 100 });
        server.Handshake();

        // 'a' has a 5-bit Huffman code: 16 KB of value encode to 10 KB, under the 11.4 KB block limit.
        server.Feed(server.Peer.Request(1, endStream: true, extra: ("cookie", new string('a', 16 * 1024))));

        Assert.Empty(server.Streams);
        var frames = server.TakeFrames();
        Assert.DoesNotContain(frames, f => f.Type == Http2FrameType.GoAway);
        Assert.Equal("431", Assert.Single(frames).Header(":status"));
        server.AssertServes(3);
    }

    [Fact]
    public void Dispatch_Connect_Answers501()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(server.Peer.Headers(1, endStream: true, (":method", "CONNECT"), (":authority", "target:443")));

        Assert.Empty(server.Streams);
        Assert.Equal("501", Assert.Single(server.TakeFrames()).Header(":status"));
        server.AssertServes(3);
    }

    [Fact]
    public void Dispatch_ConnectWithPath_RstProtocolError()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(server.Peer.Headers(1, endStream: true, (":method", "CONNECT"), (":authority", "target:443"), (":path", "/")));

        server.ExpectRst(1, Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public void Dispatch_Expect100Continue_Answers100AndStripsExpect()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(server.Peer.Request(1, endStream: false, "POST", "/", ("expect", "100-continue")));

        var informational = Assert.Single(server.TakeFrames());
        Assert.Equal("100", informational.Header(":status"));
        Assert.False(informational.EndStream);
        Assert.Null(Assert.Single(server.Streams).Receiver.Headers!.Get("expect"));

        ServerHarness.Respond(server.Last.Sender, 200, "final");
        var response = server.TakeFrames();
        Assert.Equal("200", response[0].Header(":status"));
    }

    [Fact]
    public void Dispatch_RequestBodyPastLimit_Answers413()
    {
        var server = new ServerHarness(new ProtocolOptions { MaxRequestBodySize = 100 });
        server.Handshake();

        server.Feed(server.Peer.Request(1, endStream: false, "POST", "/", ("content-length", "1000")));

        Assert.Empty(server.Streams);
        var frames = server.TakeFrames();
        Assert.Equal("413", frames[0].Header(":status"));
        Assert.Equal(Http2ErrorCode.NoError, frames[1].ErrorCode);
    }

    [Fact]
    public void Dispatch_UndeclaredBodyPastLimit_Answers413AndResetsStream()
    {
        var server = new ServerHarness(new ProtocolOptions { MaxRequestBodySize = 100 });
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST");

        server.Feed(server.Peer.Data(1, 101, endStream: false));

        var frames = server.TakeFrames();
        Assert.Equal("413", frames[0].Header(":status"));
        Assert.Equal(Http2ErrorCode.NoError, frames[1].ErrorCode);
        Assert.Equal([Abstractions.Streams.StreamResetReason.LocalReset], stream.Listener.Resets);
        Assert.Equal(0, stream.Receiver.DataCalls);
    }

    [Fact]
    public void Dispatch_HpackGarbage_GoAwayCompressionError()
    {
        var server = new ServerHarness();
        server.Handshake();
        var open = server.Open(1, endStream: false, "POST");

        // 0x80: indexed field with index 0 (RFC 7541 §6.1: a decoding error).
        server.Feed(PeerWriter.Raw(Http2FrameType.Headers, Http2FrameFlags.EndHeaders | Http2FrameFlags.EndStream, 3, [0x80]));

        var goAway = server.ExpectGoAway(Http2ErrorCode.CompressionError);
        Assert.Equal(3u, goAway.LastStreamId);
        Assert.Equal([Abstractions.Streams.StreamResetReason.ConnectionTermination], open.Listener.Resets);
    }

    [Fact]
    public void Dispatch_HpackTableSizeUpdateAboveSetting_GoAwayCompressionError()
    {
        var server = new ServerHarness();
        server.Handshake();

        // Dynamic table size update to 8192 (above the default 4096 SETTINGS_HEADER_TABLE_SIZE): 001 11111 + 8192-31.
        server.Feed(PeerWriter.Raw(Http2FrameType.Headers, Http2FrameFlags.EndHeaders | Http2FrameFlags.EndStream, 1, [0x3f, 0xe1, 0x3f]));

        server.ExpectGoAway(Http2ErrorCode.CompressionError);
    }
}
