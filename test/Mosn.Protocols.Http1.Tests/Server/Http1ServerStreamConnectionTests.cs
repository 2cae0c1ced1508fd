using System.Buffers;
using System.Text;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http1.Tests.TestSupport;
using Mosn.Streams;

namespace Mosn.Protocols.Http1.Tests.Server;

public partial class Http1ServerStreamConnectionTests
{
    private static HeaderMap Status(int status, params (string Name, string Value)[] headers)
    {
        var map = new HeaderMap { { PseudoHeaders.Status, status.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        foreach (var (name, value) in headers)
        {
            map.Add(name, value);
        }

        return map;
    }

    private static ReadOnlySequence<byte> Bytes(string text) => new(Encoding.Latin1.GetBytes(text));

    [Fact]
    public void Dispatch_SimpleGet_DeliversHeadersWithEndStream()
    {
        var h = new ServerHarness();

        h.Feed("GET /index.html?a=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: t\r\n\r\n");

        var request = Assert.Single(h.Requests);
        Assert.True(request.HeadersEndStream);
        Assert.Equal("GET", request.Headers!.Get(":method"));
        Assert.Equal("/index.html?a=1", request.Headers.Get(":path"));
        Assert.Equal("example.com", request.Headers.Get(":authority"));
        Assert.Equal("http", request.Headers.Get(":scheme"));
        Assert.Equal("t", request.Headers.Get("user-agent"));
        Assert.Equal(1, h.Codec.ActiveStreamCount);
        Assert.Equal(0, h.PendingBytes);
    }

    [Fact]
    public void OnResponseComplete_KeepAliveConnectionIdle_FinishedStreamNotRetained()
    {
        // An idle keep-alive connection must not keep its last exchange (and through the stream's listeners the
        // proxy's whole request) alive until the next request arrives.
        var h = new ServerHarness { AutoRespond = true, KeepRecords = false };

        h.Feed("GET /a HTTP/1.1\r\nHost: a\r\n\r\nPOST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi");
        CollectFully();

        Assert.Equal(2, h.Streams.Count);
        Assert.NotEqual(ConnectionState.Closed, h.Connection.State);
        Assert.All(h.Streams, s => Assert.False(s.TryGetTarget(out _)));
        Assert.Equal(0, h.Codec.ActiveStreamCount);
        GC.KeepAlive(h.Codec);
    }

    private static void CollectFully()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    [Fact]
    public void Dispatch_HttpsListener_SchemeFromOptions()
    {
        var h = new ServerHarness(new ProtocolOptions { Scheme = "https" });

        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Equal("https", h.Last.Headers!.Get(":scheme"));
    }

    [Fact]
    public void Dispatch_StreamIds_IncreasePerRequest()
    {
        var h = new ServerHarness { AutoRespond = true };

        h.Feed("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Equal([1UL, 2UL], h.Requests.Select(r => r.Sender!.Stream.Id));
    }

    [Fact]
    public void Dispatch_ContentLengthBodyInPieces_StreamsDataWithEndOnLast()
    {
        var h = new ServerHarness();

        h.Feed("POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello");
        Assert.False(h.Last.Ended);
        h.Feed(" wor");
        h.Feed("ld");

        Assert.Equal("hello world", h.Last.BodyText);
        Assert.True(h.Last.Ended);
        Assert.Equal(3, h.Last.DataCalls);
        Assert.Equal("11", h.Last.Headers!.Get("content-length"));
    }

    [Fact]
    public void Dispatch_ChunkedWithTrailers_DeliversTrailers()
    {
        var h = new ServerHarness();

        h.Feed("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nwiki\r\n5\r\npedia\r\n0\r\nX-Sum: 9\r\n\r\n");

        Assert.Equal("wikipedia", h.Last.BodyText);
        Assert.Equal("9", h.Last.Trailers!.Get("x-sum"));
        Assert.True(h.Last.Ended);
        Assert.Null(h.Last.Headers!.Get("transfer-encoding"));
    }

    [Fact]
    public void Dispatch_ChunkedWithoutTrailers_EndsWithEmptyData()
    {
        var h = new ServerHarness();

        h.Feed("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");

        Assert.Equal("abc", h.Last.BodyText);
        Assert.True(h.Last.Ended);
        Assert.Null(h.Last.Trailers);
    }

    [Fact]
    public void Dispatch_ExpectContinue_Sends100AfterHeadersAndRemovesExpect()
    {
        var h = new ServerHarness();

        h.Feed("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");

        Assert.Equal("HTTP/1.1 100 Continue\r\n\r\n", h.Connection.WrittenText);
        Assert.Null(h.Last.Headers!.Get("expect"));
    }

    [Fact]
    public void Dispatch_ExpectContinueWithoutBody_No100()
    {
        var h = new ServerHarness();

        h.Feed("GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n");

        Assert.Equal(string.Empty, h.Connection.WrittenText);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n\r\n", ConnectionCloseType.FlushWrite)] // a whole bad head, nothing after: the client is done
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n", ConnectionCloseType.FlushWrite)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n", ConnectionCloseType.FlushWriteAndDelay)] // head unfinished
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\nContent-Length: 9\r\n\r\nbody", ConnectionCloseType.FlushWriteAndDelay)]
    public void Dispatch_MalformedHead_LingersOnlyWhenClientMayStillSend(string raw, ConnectionCloseType expected)
    {
        var h = new ServerHarness();

        h.Feed(raw);

        Assert.StartsWith("HTTP/1.1 400 ", h.Connection.WrittenText, StringComparison.Ordinal);
        Assert.Equal(expected, h.Connection.ClosedWith);
    }

    [Fact]
    public void Dispatch_ExpectContinueAnsweredInOnHeaders_No100()
    {
        var h = new ServerHarness { OnRequestHeaders = r => r.Sender!.SendHeaders(Status(417), endStream: true) };

        h.Feed("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 417 Expectation Failed\r\n", h.Connection.WrittenText, StringComparison.Ordinal);
        Assert.DoesNotContain("100 Continue", h.Connection.WrittenText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400, Http1DecodeError.ContentLengthWithTransferEncoding)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501, Http1DecodeError.UnsupportedTransferCoding)]
    [InlineData("GET / HTTP/1.1\r\n\r\n", 400, Http1DecodeError.MissingHost)]
    [InlineData("GET / HTTP/3.0\r\nHost: a\r\n\r\n", 505, Http1DecodeError.UnsupportedVersion)]
    [InlineData("CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n", 501, Http1DecodeError.MethodNotImplemented)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX: y\r\n z\r\n\r\n", 400, Http1DecodeError.ObsFold)]
    public void Dispatch_MalformedRequest_ErrorResponseAndClose(string raw, int status, Http1DecodeError error)
    {
        var h = new ServerHarness();
        var before = Http1Stats.GetDecodeErrors(error);

        h.Feed(raw + "GET /next HTTP/1.1\r\nHost: a\r\n\r\n");

        var reason = Mosn.Protocols.Http1.Codec.ReasonPhrases.Get(status);
        Assert.Equal($"HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", h.Connection.WrittenText);
        Assert.Equal(ConnectionCloseType.FlushWriteAndDelay, h.Connection.ClosedWith);
        Assert.Empty(h.Requests);
        Assert.True(Http1Stats.GetDecodeErrors(error) > before);
    }

    [Fact]
    public void Dispatch_RequestLineTooLong_414()
    {
        var h = new ServerHarness(new ProtocolOptions { MaxRequestLineSize = 32 });

        h.Feed("GET /" + new string('x', 40));

        Assert.StartsWith("HTTP/1.1 414 URI Too Long\r\n", h.Connection.WrittenText, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispatch_HeadersTooLarge_431()
    {
        var h = new ServerHarness(new ProtocolOptions { MaxHeaderSize = 64 });

        h.Feed("GET / HTTP/1.1\r\nHost: a\r\nCookie: " + new string('c', 80) + "\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n", h.Connection.WrittenText, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispatch_ContentLengthOverLimit_413BeforeStream()
    {
        var h = new ServerHarness(new ProtocolOptions { MaxRequestBodySize = 4 });

        h.Feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");

        Assert.StartsWith("HTTP/1.1 413 Content Too Large\r\n", h.Connection.WrittenText, StringComparison.Ordinal);
        Assert.Empty(h.Requests);
    }

    [Fact]
    public void Dispatch_ChunkedOverLimit_413AndStreamReset()
    {
        var h = new ServerHarness(new ProtocolOptions { MaxRequestBodySize = 4 });

        h.Feed("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n");

        Assert.Equal("abc", h.Last.BodyText);
        Assert.False(h.Last.Ended);
        Assert.StartsWith("HTTP/1.1 413 Content Too Large\r\n", h.Connection.WrittenText, StringComparison.Ordinal);
        Assert.Equal([StreamResetReason.ProtocolError], h.Listeners[0].Resets);
        Assert.Equal(ConnectionCloseType.FlushWriteAndDelay, h.Connection.ClosedWith);
    }

    [Fact]
    public void Dispatch_BadChunkAfterResponseStarted_NoErrorResponseButClose()
    {
        var h = new ServerHarness { OnRequestHeaders = r => r.Sender!.SendHeaders(Status(200), endStream: false) };

        h.Feed("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");

        Assert.DoesNotContain("400", h.Connection.WrittenText, StringComparison.Ordinal);
        Assert.Equal(ConnectionCloseType.FlushWrite, h.Connection.ClosedWith);
        Assert.Equal([StreamResetReason.ProtocolError], h.Listeners[0].Resets);
    }

    [Fact]
    public void SendHeaders_ContentLength_KeptAndBodyWritten()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

        ServerHarness.Respond(h.Last.Sender!, 200, "hi", ("X-Up", "1"));

        Assert.Equal("HTTP/1.1 200 OK\r\nX-Up: 1\r\nContent-Length: 2\r\n\r\nhi", h.Connection.WrittenText);
        Assert.Null(h.Connection.ClosedWith);
        Assert.Equal(0, h.Codec.ActiveStreamCount);
    }

    [Fact]
    public void SendHeaders_NoLengthHttp11_ChunkedWithTrailers()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var sender = h.Last.Sender!;

        sender.SendHeaders(Status(200), endStream: false);
        sender.SendData(Bytes("hello"), endStream: false);
        sender.SendData(ReadOnlySequence<byte>.Empty, endStream: false);
        sender.SendTrailers(new HeaderMap { { "grpc-status", "0" }, { "content-length", "5" } });

        Assert.Equal("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\ngrpc-status: 0\r\n\r\n", h.Connection.WrittenText);
        Assert.Null(h.Connection.ClosedWith);
    }

    [Fact]
    public void SendData_ChunkedEndStream_FinalChunk()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var sender = h.Last.Sender!;

        sender.SendHeaders(Status(200), endStream: false);
        sender.SendData(Bytes(new string('z', 26)), endStream: true);

        Assert.EndsWith("\r\n\r\n1A\r\nzzzzzzzzzzzzzzzzzzzzzzzzzz\r\n0\r\n\r\n", h.Connection.WrittenText, StringComparison.Ordinal);
    }

    [Fact]
    public void SendHeaders_EndStream_ContentLengthZero()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

        h.Last.Sender!.SendHeaders(Status(404), endStream: true);

        Assert.Equal("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", h.Connection.WrittenText);
    }

    [Theory]
    [InlineData(204, "HTTP/1.1 204 No Content\r\n\r\n")]
    [InlineData(304, "HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n")]
    public void SendHeaders_NoBodyStatus_NoBodyWritten(int status, string expected)
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var sender = h.Last.Sender!;

        sender.SendHeaders(Status(status, ("content-length", "7")), endStream: false);
        sender.SendData(Bytes("ignored"), endStream: true);

        Assert.Equal(expected, h.Connection.WrittenText);
        Assert.Null(h.Connection.ClosedWith);
    }

    [Fact]
    public void SendHeaders_HeadRequest_ContentLengthKeptNoBody()
    {
        var h = new ServerHarness();
        h.Feed("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n");
        var sender = h.Last.Sender!;

        sender.SendHeaders(Status(200, ("content-length", "1234")), endStream: true);

        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", h.Connection.WrittenText);
        Assert.Null(h.Connection.ClosedWith);
    }

    [Fact]
    public void SendHeaders_HeadRequestEndStreamNoLength_NoContentLengthAdded()
    {
        var h = new ServerHarness();
        h.Feed("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n");

        h.Last.Sender!.SendHeaders(Status(200), endStream: true);

        Assert.Equal("HTTP/1.1 200 OK\r\n\r\n", h.Connection.WrittenText);
    }

    [Fact]
    public void SendHeaders_UpstreamHopByHop_Dropped()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

        h.Last.Sender!.SendHeaders(
            Status(200, ("connection", "x-hop"), ("x-hop", "1"), ("keep-alive", "t"), ("transfer-encoding", "chunked"), ("upgrade", "h2c"), ("x-end", "e"), ("x-bad", "a\r\nInjected: 1")),
            endStream: true);

        Assert.Equal("HTTP/1.1 200 OK\r\nx-end: e\r\nContent-Length: 0\r\n\r\n", h.Connection.WrittenText);
    }

    [Fact]
    public void SendHeaders_Http10ClientNoLength_UntilCloseAndClosed()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        var sender = h.Last.Sender!;

        sender.SendHeaders(Status(200), endStream: false);
        sender.SendData(Bytes("body"), endStream: true);

        Assert.Equal("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbody", h.Connection.WrittenText);
        Assert.Equal(ConnectionCloseType.FlushWrite, h.Connection.ClosedWith);
    }

    [Fact]
    public void SendHeaders_Http10KeepAliveClientWithLength_KeepAlive()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");

        ServerHarness.Respond(h.Last.Sender!, 200, "ok");

        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok", h.Connection.WrittenText);
        Assert.Null(h.Connection.ClosedWith);
    }

    [Fact]
    public void SendHeaders_Http10Client_ClosedAfterResponse()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.0\r\n\r\n");

        ServerHarness.Respond(h.Last.Sender!, 200, "ok");

        Assert.Contains("Connection: close\r\n", h.Connection.WrittenText, StringComparison.Ordinal);
        Assert.Equal(ConnectionCloseType.FlushWrite, h.Connection.ClosedWith);
    }

    [Fact]
    public void SendHeaders_ClientAskedClose_ConnectionCloseAndClosed()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        ServerHarness.Respond(h.Last.Sender!, 200, "ok");

        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok", h.Connection.WrittenText);
        Assert.Equal(ConnectionCloseType.FlushWrite, h.Connection.ClosedWith);
    }

    [Fact]
    public void GoAway_WhileActive_NextResponseClosesConnection()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

        h.Codec.GoAway();
        Assert.Null(h.Connection.ClosedWith);
        ServerHarness.Respond(h.Last.Sender!, 200, "ok");

        Assert.Contains("Connection: close\r\n", h.Connection.WrittenText, StringComparison.Ordinal);
        Assert.Equal(ConnectionCloseType.FlushWrite, h.Connection.ClosedWith);
    }

    [Fact]
    public void GoAway_Idle_StaysOpenUntilNextResponseThenCloses()
    {
        var h = new ServerHarness();

        h.Codec.GoAway();

        // A request may already be on its way: the codec does not cut an idle connection (the proxy does, after a grace).
        Assert.Null(h.Connection.ClosedWith);
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        ServerHarness.Respond(h.Last.Sender!, 200, "ok");
        Assert.Contains("Connection: close\r\n", h.Connection.WrittenText, StringComparison.Ordinal);
        Assert.Equal(ConnectionCloseType.FlushWrite, h.Connection.ClosedWith);
    }

    [Fact]
    public void GoAway_AfterKeepAliveHeadersSent_ClosesAfterThatResponse()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var sender = h.Last.Sender!;
        var headers = Status(200);
        headers.Add("content-length", "2");
        sender.SendHeaders(headers, endStream: false);

        h.Codec.GoAway();
        Assert.Null(h.Connection.ClosedWith);
        sender.SendData(Bytes("ok"), endStream: true);

        Assert.DoesNotContain("Connection: close", h.Connection.WrittenText, StringComparison.Ordinal);
        Assert.Equal(ConnectionCloseType.FlushWrite, h.Connection.ClosedWith);
    }

    [Fact]
    public void SendData_ShortOfContentLength_ConnectionClosed()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var sender = h.Last.Sender!;

        sender.SendHeaders(Status(200, ("content-length", "10")), endStream: false);
        sender.SendData(Bytes("short"), endStream: true);

        Assert.EndsWith("\r\n\r\nshort", h.Connection.WrittenText, StringComparison.Ordinal);
        Assert.Equal(ConnectionCloseType.FlushWrite, h.Connection.ClosedWith);
    }

    [Fact]
    public void SendData_PastContentLength_TruncatedAndClosed()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var sender = h.Last.Sender!;

        sender.SendHeaders(Status(200, ("content-length", "3")), endStream: false);
        sender.SendData(Bytes("abcdef"), endStream: true);

        Assert.EndsWith("\r\n\r\nabc", h.Connection.WrittenText, StringComparison.Ordinal);
        Assert.Equal(ConnectionCloseType.FlushWrite, h.Connection.ClosedWith);
    }

    [Fact]
    public void SendHeaders_MissingStatus_ThrowsArgumentException()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Throws<ArgumentException>(() => h.Last.Sender!.SendHeaders(new HeaderMap(), endStream: true));
    }

    [Fact]
    public void SendHeaders_Interim100_Ignored()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

        h.Last.Sender!.SendHeaders(Status(100), endStream: false);
        ServerHarness.Respond(h.Last.Sender!, 200, "ok");

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", h.Connection.WrittenText, StringComparison.Ordinal);
    }

    [Fact]
    public void Pipelining_SecondRequestWaitsForFirstResponse()
    {
        var h = new ServerHarness();

        h.Feed("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Single(h.Requests);
        Assert.Equal(1, h.Connection.ReadDisableCount);
        Assert.True(h.PendingBytes > 0);

        ServerHarness.Respond(h.Requests[0].Sender!, 200, "one");
        Assert.Equal(0, h.Connection.ReadDisableCount);
        Assert.True(h.Connection.RedeliveryRequested);
        h.Dispatch();

        Assert.Equal(2, h.Requests.Count);
        Assert.Equal("/2", h.Requests[1].Headers!.Get(":path"));
        Assert.Equal(0, h.PendingBytes);
        ServerHarness.Respond(h.Requests[1].Sender!, 200, "two");
        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\noneHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo", h.Connection.WrittenText);
    }

    [Fact]
    public void Pipelining_FirstAsksClose_LingeringCloseAndSecondNotServed()
    {
        var h = new ServerHarness();

        h.Feed("GET /1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
        ServerHarness.Respond(h.Requests[0].Sender!, 200, "one");

        // Bytes of a request that will not be served are unread: the close lingers so that they do not cause a reset.
        Assert.Equal(ConnectionCloseType.FlushWriteAndDelay, h.Connection.ClosedWith);
        Assert.Single(h.Requests);
    }

    [Fact]
    public void Pipelining_BytesArriveWhileResponding_PausedOnce()
    {
        var h = new ServerHarness();
        h.Feed("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.Equal(0, h.Connection.ReadDisableCount);

        h.Feed("GET /2 HTTP/1.1\r\n");
        h.Feed("Host: a\r\n\r\n");

        Assert.Single(h.Requests);
        Assert.Equal(1, h.Connection.TotalDisableCalls);
    }

    [Fact]
    public void ReadDisable_InOnHeaders_StopsBodyUntilEnabled()
    {
        var h = new ServerHarness { OnRequestHeaders = r => r.Sender!.Stream.ReadDisable(true) };

        h.Feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");

        Assert.Equal(0, h.Last.DataCalls);
        Assert.Equal(5, h.PendingBytes);
        Assert.Equal(1, h.Connection.ReadDisableCount);

        h.Last.Sender!.Stream.ReadDisable(false);
        h.Dispatch();

        Assert.Equal("hello", h.Last.BodyText);
        Assert.True(h.Last.Ended);
    }

    [Fact]
    public void ReadDisable_InOnData_StopsRightAfterThatChunk()
    {
        var h = new ServerHarness();
        h.Feed("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
        h.Last.OnDataHook = r =>
        {
            if (r.DataCalls == 1)
            {
                r.Sender!.Stream.ReadDisable(true);
            }
        };

        h.Feed("2\r\nab\r\n2\r\ncd\r\n0\r\n\r\n");

        Assert.Equal("ab", h.Last.BodyText);
        h.Last.Sender!.Stream.ReadDisable(false);
        h.Dispatch();
        Assert.Equal("abcd", h.Last.BodyText);
        Assert.True(h.Last.Ended);
    }

    [Fact]
    public void ResetStream_AfterChunkedResponseStarted_NoFinalChunkAndClosed()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var sender = h.Last.Sender!;
        sender.SendHeaders(Status(200), endStream: false);
        sender.SendData(Bytes("part"), endStream: false);

        sender.Stream.ResetStream(StreamResetReason.RemoteReset);
        sender.Stream.ResetStream(StreamResetReason.RemoteReset);
        sender.SendData(Bytes("more"), endStream: true);

        Assert.EndsWith("4\r\npart\r\n", h.Connection.WrittenText, StringComparison.Ordinal);
        Assert.Equal(ConnectionCloseType.FlushWrite, h.Connection.ClosedWith);
        Assert.Equal([StreamResetReason.RemoteReset], h.Listeners[0].Resets);
    }

    [Fact]
    public void ResetStream_AfterResponseComplete_NoOp()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        ServerHarness.Respond(h.Last.Sender!, 200, "ok");

        h.Last.Sender!.Stream.ResetStream(StreamResetReason.LocalReset);

        Assert.Null(h.Connection.ClosedWith);
        Assert.Empty(h.Listeners[0].Resets);
    }

    [Fact]
    public void RemoteClose_MidRequest_ResetConnectionTermination()
    {
        var h = new ServerHarness();
        h.Feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");

        h.Connection.Close(ConnectionCloseType.NoFlush, ConnectionEvent.RemoteClose);

        Assert.Equal([StreamResetReason.ConnectionTermination], h.Listeners[0].Resets);
        Assert.False(h.Last.Ended);
    }

    [Fact]
    public void RemoteClose_MidResponse_ResetConnectionTermination()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        h.Last.Sender!.SendHeaders(Status(200), endStream: false);

        h.Connection.Close(ConnectionCloseType.NoFlush, ConnectionEvent.RemoteClose);

        Assert.Equal([StreamResetReason.ConnectionTermination], h.Listeners[0].Resets);
    }

    [Fact]
    public void RemoteClose_AfterExchange_NoReset()
    {
        var h = new ServerHarness { AutoRespond = true };
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

        h.Connection.Close(ConnectionCloseType.NoFlush, ConnectionEvent.RemoteClose);

        Assert.Empty(h.Listeners[0].Resets);
    }

    [Fact]
    public void EarlyResponse_BeforeRequestBodyComplete_ConnectionClose()
    {
        var h = new ServerHarness();
        h.Feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nabc");

        ServerHarness.Respond(h.Last.Sender!, 413, "no");

        Assert.Contains("Connection: close\r\n", h.Connection.WrittenText, StringComparison.Ordinal);
        Assert.Equal(ConnectionCloseType.FlushWriteAndDelay, h.Connection.ClosedWith);
    }

    [Fact]
    public void WatermarkEvents_ForwardedToActiveStream()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

        h.Connection.RaiseHighWatermark();

        Assert.Equal(1, h.Listeners[0].AboveHighWatermark);
    }

    [Fact]
    public void WatermarkDuringWrite_DeliveredAfterLockReleased()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var sender = h.Last.Sender!;
        sender.SendHeaders(Status(200), endStream: false);
        var otherThreadCouldEnter = false;

        // Another thread taking the stream connection's lock from inside the callback must not block.
        h.Listeners[0].OnAbove = () => otherThreadCouldEnter = Task.Run(() => sender.Stream.ReadDisable(true)).Wait(TimeSpan.FromSeconds(30));
        h.Connection.RaiseAboveInNextEndWrite = true;
        sender.SendData(Bytes("data"), endStream: false);

        Assert.Equal(1, h.Listeners[0].AboveHighWatermark);
        Assert.True(otherThreadCouldEnter);
    }

    [Fact]
    public void Watermarks_AboveThenBelow_DeliveredInOrder()
    {
        var h = new ServerHarness();
        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

        h.Connection.RaiseHighWatermark();
        h.Connection.RaiseHighWatermark();
        h.Connection.RaiseLowWatermark();

        Assert.Equal(1, h.Listeners[0].AboveHighWatermark);
        Assert.Equal(1, h.Listeners[0].BelowLowWatermark);
    }

    [Fact]
    public void Stats_RequestAndResponse_Counted()
    {
        var requests = Http1Stats.DownstreamRequests;
        var responses = Http1Stats.DownstreamResponses;
        var h = new ServerHarness { AutoRespond = true };

        h.Feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.True(Http1Stats.DownstreamRequests > requests);
        Assert.True(Http1Stats.DownstreamResponses > responses);
    }
}
