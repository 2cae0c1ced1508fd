using System.Buffers;
using System.Text;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http1.Tests.TestSupport;
using Mosn.Streams;

namespace Mosn.Protocols.Http1.Tests.Client;

public class Http1ClientStreamConnectionTests
{
    private static ReadOnlySequence<byte> Bytes(string text) => new(Encoding.Latin1.GetBytes(text));

    [Fact]
    public void SendHeaders_Get_RequestLineHostAndFields()
    {
        var h = new ClientHarness();
        var (sender, _, _) = h.Start();

        sender.SendHeaders(ClientHarness.Request("GET", "/a?b", ("accept", "*/*"), ("host", "ignored"), ("connection", "keep-alive"), ("te", "trailers")), endStream: true);

        Assert.Equal("GET /a?b HTTP/1.1\r\nHost: upstream:8080\r\naccept: */*\r\nte: trailers\r\n\r\n", h.Connection.WrittenText);
    }

    [Fact]
    public void SendHeaders_PostEndStreamWithoutLength_ContentLengthZero()
    {
        var h = new ClientHarness();
        var (sender, _, _) = h.Start();

        sender.SendHeaders(ClientHarness.Request("POST", "/"), endStream: true);

        Assert.Equal("POST / HTTP/1.1\r\nHost: upstream:8080\r\nContent-Length: 0\r\n\r\n", h.Connection.WrittenText);
    }

    [Fact]
    public void SendData_WithContentLength_RawBody()
    {
        var h = new ClientHarness();
        var (sender, _, _) = h.Start();

        sender.SendHeaders(ClientHarness.Request("PUT", "/x", ("content-length", "5")), endStream: false);
        sender.SendData(Bytes("he"), endStream: false);
        sender.SendData(Bytes("llo"), endStream: true);

        Assert.Equal("PUT /x HTTP/1.1\r\nHost: upstream:8080\r\nContent-Length: 5\r\n\r\nhello", h.Connection.WrittenText);
    }

    [Fact]
    public void SendData_WithoutLength_ChunkedWithTrailers()
    {
        var h = new ClientHarness();
        var (sender, _, _) = h.Start();

        sender.SendHeaders(ClientHarness.Request("POST", "/g"), endStream: false);
        sender.SendData(Bytes("abc"), endStream: false);
        sender.SendTrailers(new HeaderMap { { "x-t", "1" } });

        Assert.Equal("POST /g HTTP/1.1\r\nHost: upstream:8080\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nx-t: 1\r\n\r\n", h.Connection.WrittenText);
    }

    [Fact]
    public void SendData_ShortOfContentLength_ResetLocalAndClosed()
    {
        var h = new ClientHarness();
        var (sender, _, listener) = h.Start();

        sender.SendHeaders(ClientHarness.Request("PUT", "/x", ("content-length", "5")), endStream: false);
        sender.SendData(Bytes("he"), endStream: true);

        Assert.Equal([StreamResetReason.LocalReset], listener.Resets);
        Assert.Equal(ConnectionCloseType.NoFlush, h.Connection.ClosedWith);
    }

    [Fact]
    public void SendHeaders_MissingMethod_ThrowsArgumentException()
    {
        var h = new ClientHarness();
        var (sender, _, _) = h.Start();

        Assert.Throws<ArgumentException>(() => sender.SendHeaders(new HeaderMap { { ":path", "/" } }, endStream: true));
    }

    [Fact]
    public void SendHeaders_PathWithSpace_ResetProtocolErrorNothingWritten()
    {
        var h = new ClientHarness();
        var (sender, _, listener) = h.Start();

        sender.SendHeaders(ClientHarness.Request("GET", "/a b"), endStream: true);

        Assert.Equal(string.Empty, h.Connection.WrittenText);
        Assert.Equal([StreamResetReason.ProtocolError], listener.Resets);
    }

    [Fact]
    public void Dispatch_ContentLengthResponse_DeliveredAndStreamComplete()
    {
        var h = new ClientHarness();
        var (_, receiver, _) = h.Get();
        Assert.False(h.Codec.CanStartStream);
        Assert.Equal(1, h.Codec.ActiveStreamCount);

        h.Feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: s\r\n\r\nhel");
        Assert.False(receiver.Ended);
        h.Feed("lo");

        Assert.Equal("200", receiver.Headers!.Get(":status"));
        Assert.Equal("hello", receiver.BodyText);
        Assert.True(receiver.Ended);
        Assert.Equal(1, h.Completions);
        Assert.Equal(0, h.GoAways);
        Assert.True(h.Codec.CanStartStream);
        Assert.Equal(0, h.Codec.ActiveStreamCount);
        Assert.Null(h.Connection.ClosedWith);
    }

    [Fact]
    public void Dispatch_ChunkedResponseWithTrailers_TrailersDelivered()
    {
        var h = new ClientHarness();
        var (_, receiver, _) = h.Get();

        h.Feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\ngrpc-status: 0\r\n\r\n", segmentSize: 3);

        Assert.Equal("ok", receiver.BodyText);
        Assert.Equal("0", receiver.Trailers!.Get("grpc-status"));
        Assert.Equal(1, h.Completions);
    }

    [Fact]
    public void Dispatch_InterimResponses_Skipped()
    {
        var h = new ClientHarness();
        var (_, receiver, _) = h.Get();

        h.Feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n");

        Assert.Equal("204", receiver.Headers!.Get(":status"));
        Assert.True(receiver.HeadersEndStream);
        Assert.Equal(1, h.Completions);
    }

    [Fact]
    public void Dispatch_HeadResponseWithLength_NoBodyExpected()
    {
        var h = new ClientHarness();
        var (_, receiver, _) = h.Get("HEAD");

        h.Feed("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");

        Assert.True(receiver.HeadersEndStream);
        Assert.Equal("1000", receiver.Headers!.Get("content-length"));
        Assert.True(h.Codec.CanStartStream);
    }

    [Fact]
    public void Dispatch_ConnectionClose_GoAwayCompleteAndClosed()
    {
        var h = new ClientHarness();
        var (_, receiver, _) = h.Get();

        h.Feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");

        Assert.True(receiver.Ended);
        Assert.Equal(1, h.GoAways);
        Assert.Equal(1, h.Completions);
        Assert.False(h.Codec.CanStartStream);
        Assert.Equal(ConnectionCloseType.FlushWrite, h.Connection.ClosedWith);
    }

    [Fact]
    public void Dispatch_Http10WithoutKeepAlive_GoAway()
    {
        var h = new ClientHarness();
        h.Get();

        h.Feed("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");

        Assert.Equal(1, h.GoAways);
        Assert.False(h.Codec.CanStartStream);
    }

    [Fact]
    public void Dispatch_ReadUntilClose_EndsAtEndOfStream()
    {
        var h = new ClientHarness();
        var (_, receiver, listener) = h.Get();

        h.Feed("HTTP/1.1 200 OK\r\n\r\nsome ");
        h.Feed("body", endOfStream: true);
        h.Connection.Close(ConnectionCloseType.FlushWrite, ConnectionEvent.RemoteClose);

        Assert.Equal("some body", receiver.BodyText);
        Assert.True(receiver.Ended);
        Assert.Equal(1, h.GoAways);
        Assert.Equal(1, h.Completions);
        Assert.Empty(listener.Resets);
    }

    [Fact]
    public void UpstreamClose_MidBody_ResetConnectionTerminationNoEnd()
    {
        var h = new ClientHarness();
        var (_, receiver, listener) = h.Get();

        h.Feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", endOfStream: true);
        h.Connection.Close(ConnectionCloseType.FlushWrite, ConnectionEvent.RemoteClose);

        Assert.False(receiver.Ended);
        Assert.Equal([StreamResetReason.ConnectionTermination], listener.Resets);
        Assert.Equal(0, h.Completions);
        Assert.False(h.Codec.CanStartStream);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")]
    [InlineData("garbage\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")]
    public void Dispatch_MalformedResponse_ResetProtocolErrorAndClosed(string raw)
    {
        var h = new ClientHarness();
        var (_, receiver, listener) = h.Get();

        h.Feed(raw);

        Assert.False(receiver.Ended);
        Assert.Equal([StreamResetReason.ProtocolError], listener.Resets);
        Assert.NotNull(h.Connection.ClosedWith);
        Assert.False(h.Codec.CanStartStream);
    }

    [Fact]
    public void Dispatch_BytesWithoutStream_ConnectionClosed()
    {
        var h = new ClientHarness();
        var before = Http1Stats.GetDecodeErrors(Http1DecodeError.UnexpectedData);

        h.Feed("HTTP/1.1 408 Request Timeout\r\n\r\n");

        Assert.Equal(ConnectionCloseType.NoFlush, h.Connection.ClosedWith);
        Assert.True(Http1Stats.GetDecodeErrors(Http1DecodeError.UnexpectedData) > before);
    }

    [Fact]
    public void Dispatch_ExtraBytesAfterResponse_ConnectionClosed()
    {
        var h = new ClientHarness();
        var (_, receiver, _) = h.Get();

        h.Feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA");

        Assert.True(receiver.Ended);
        Assert.Equal(ConnectionCloseType.NoFlush, h.Connection.ClosedWith);
    }

    [Fact]
    public void Dispatch_ResponseBeforeRequestComplete_GoAwayWithoutComplete()
    {
        var h = new ClientHarness();
        var (sender, receiver, _) = h.Start();
        sender.SendHeaders(ClientHarness.Request("POST", "/"), endStream: false);

        h.Feed("HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\n\r\n");

        Assert.True(receiver.Ended);
        Assert.Equal(1, h.GoAways);
        Assert.Equal(0, h.Completions);
        Assert.Equal(ConnectionCloseType.FlushWrite, h.Connection.ClosedWith);
    }

    [Fact]
    public void KeepAlive_SecondStreamReusesConnection()
    {
        var h = new ClientHarness();
        var (_, first, _) = h.Get(path: "/1");
        h.Feed("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na");
        h.Connection.ClearWritten();

        var (_, second, _) = h.Get(path: "/2");
        h.Feed("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb");

        Assert.Equal("a", first.BodyText);
        Assert.Equal("b", second.BodyText);
        Assert.StartsWith("GET /2 HTTP/1.1\r\n", h.Connection.WrittenText, StringComparison.Ordinal);
        Assert.Equal(2, h.Completions);
    }

    [Fact]
    public void NewStream_WhileActive_Throws()
    {
        var h = new ClientHarness();
        h.Get();

        Assert.Throws<InvalidOperationException>(() => h.Codec.NewStream(new RecordingReceiver()));
    }

    [Fact]
    public void NewStream_AfterClose_SendHeadersReportsConnectionTermination()
    {
        var h = new ClientHarness();
        h.Connection.Close(ConnectionCloseType.NoFlush, ConnectionEvent.RemoteClose);

        var (sender, _, listener) = h.Start();
        sender.SendHeaders(ClientHarness.Request("GET", "/"), endStream: true);

        Assert.Equal([StreamResetReason.ConnectionTermination], listener.Resets);
        Assert.Equal(string.Empty, h.Connection.WrittenText);
    }

    [Fact]
    public void ResetStream_Active_ListenersOnceAndClosedNoFlush()
    {
        var h = new ClientHarness();
        var (sender, _, listener) = h.Get();

        sender.Stream.ResetStream(StreamResetReason.GlobalTimeout);
        sender.Stream.ResetStream(StreamResetReason.GlobalTimeout);

        Assert.Equal([StreamResetReason.GlobalTimeout], listener.Resets);
        Assert.Equal(ConnectionCloseType.NoFlush, h.Connection.ClosedWith);
    }

    [Fact]
    public void ReadDisable_InOnHeaders_StopsBodyUntilEnabled()
    {
        var h = new ClientHarness();
        var (sender, receiver, _) = h.Get();
        receiver.OnHeadersHook = _ => sender.Stream.ReadDisable(true);

        h.Feed("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc");

        Assert.Equal(0, receiver.DataCalls);
        Assert.Equal(3, h.PendingBytes);
        sender.Stream.ReadDisable(false);
        h.Dispatch();
        Assert.Equal("abc", receiver.BodyText);
        Assert.Equal(0, h.Connection.ReadDisableCount);
    }

    [Fact]
    public void WatermarkDuringRequestWrite_DeliveredAfterLockReleased()
    {
        var h = new ClientHarness();
        var (sender, _, listener) = h.Start();
        sender.SendHeaders(ClientHarness.Request("POST", "/"), endStream: false);
        var otherThreadCouldEnter = false;
        listener.OnAbove = () => otherThreadCouldEnter = Task.Run(() => _ = h.Codec.CanStartStream).Wait(TimeSpan.FromSeconds(30));

        h.Connection.RaiseAboveInNextEndWrite = true;
        sender.SendData(Bytes("abc"), endStream: false);

        Assert.Equal(1, listener.AboveHighWatermark);
        Assert.True(otherThreadCouldEnter);
    }

    [Fact]
    public void GoAway_Idle_ClosesAndStopsStreams()
    {
        var h = new ClientHarness();

        h.Codec.GoAway();

        Assert.False(h.Codec.CanStartStream);
        Assert.Equal(ConnectionCloseType.FlushWrite, h.Connection.ClosedWith);
    }
}
