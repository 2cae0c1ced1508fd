using System.Text;
using Mosn.Abstractions.Protocol;
using Mosn.Protocols.Http1.Codec;
using Mosn.Protocols.Http1.Tests.TestSupport;
using Mosn.Streams;
using Mosn.Testing;

namespace Mosn.Protocols.Http1.Tests.Codec;

public class Http1ResponseDecoderTests
{
    private static (HeadStatus Status, Http1ResponseDecoder Decoder) Decode(string raw, bool head = false, int segmentSize = 0)
    {
        var decoder = new Http1ResponseDecoder(ProtocolOptions.Default) { RequestIsHead = head };
        var input = Segments.Create(Encoding.Latin1.GetBytes(raw), segmentSize);
        return (decoder.Parse(ref input), decoder);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", BodyKind.ContentLength, true)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", BodyKind.None, true)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", BodyKind.Chunked, true)]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", BodyKind.UntilClose, false)]
    [InlineData("HTTP/1.1 204 No Content\r\n\r\n", BodyKind.None, true)]
    [InlineData("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", BodyKind.None, true)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\n", BodyKind.ContentLength, false)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\n", BodyKind.ContentLength, false)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\n", BodyKind.ContentLength, true)]
    [InlineData("HTTP/1.1 200\r\nContent-Length: 5\r\n\r\n", BodyKind.ContentLength, true)]
    [InlineData("HTTP/1.1 200 \r\nContent-Length: 5\r\n\r\n", BodyKind.ContentLength, true)]
    public void Parse_ValidResponse_Framing(string raw, object kind, bool keepAlive)
    {
        var (status, decoder) = Decode(raw);

        Assert.Equal(HeadStatus.Complete, status);
        Assert.Equal((BodyKind)kind, decoder.BodyKind);
        Assert.Equal(keepAlive, decoder.KeepAlive);
    }

    [Fact]
    public void Parse_HeadRequest_NoBodyDespiteContentLength()
    {
        var (status, decoder) = Decode("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n", head: true);

        Assert.Equal(HeadStatus.Complete, status);
        Assert.Equal(BodyKind.None, decoder.BodyKind);
        Assert.Equal("500", decoder.Headers!.Get("content-length"));
    }

    [Fact]
    public void Parse_Response_StatusPseudoHeaderFirstAndHopByHopRemoved()
    {
        var (_, decoder) = Decode("HTTP/1.1 404 Not Found\r\nConnection: X-Hop\r\nX-Hop: 1\r\nKeep-Alive: 5\r\nServer: s\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal([new(":status", "404"), new("server", "s"), new("content-length", "0")], decoder.Headers!.ToList<KeyValuePair<string, string>>());
    }

    [Fact]
    public void Parse_Interim100_Informational()
    {
        var (status, decoder) = Decode("HTTP/1.1 100 Continue\r\n\r\n");

        Assert.Equal(HeadStatus.Complete, status);
        Assert.True(decoder.IsInformational);
    }

    [Theory]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", Http1DecodeError.UnsupportedUpgrade)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", Http1DecodeError.ContentLengthWithTransferEncoding)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", Http1DecodeError.InvalidTransferEncoding)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", Http1DecodeError.UnsupportedTransferCoding)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", Http1DecodeError.InvalidContentLength)]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n", Http1DecodeError.InvalidStatus)]
    [InlineData("HTTP/1.1 099 OK\r\n\r\n", Http1DecodeError.InvalidStatus)]
    [InlineData("HTTP/1.1 20 OK\r\n\r\n", Http1DecodeError.InvalidStatus)]
    [InlineData("HTTP/1.1  200 OK\r\n\r\n", Http1DecodeError.InvalidStatus)]
    [InlineData("HTTP/1.1 200OK\r\n\r\n", Http1DecodeError.InvalidStartLine)]
    [InlineData("HTTP/1.1 200 O\u0001K\r\n\r\n", Http1DecodeError.InvalidStartLine)]
    [InlineData("HTTP/2.0 200 OK\r\n\r\n", Http1DecodeError.UnsupportedVersion)]
    [InlineData("HTTX/1.1 200 OK\r\n\r\n", Http1DecodeError.InvalidStartLine)]
    [InlineData("HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n", Http1DecodeError.ObsFold)]
    [InlineData("HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n", Http1DecodeError.BareLineFeed)]
    [InlineData("\r\nHTTP/1.1 200 OK\r\n\r\n", Http1DecodeError.InvalidStartLine)]
    public void Parse_MalformedResponse_Error(string raw, Http1DecodeError expected)
    {
        var (status, decoder) = Decode(raw);

        Assert.Equal(HeadStatus.Error, status);
        Assert.Equal(expected, decoder.Error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Parse_MultiSegment_SameHeaders(int segmentSize)
    {
        const string raw = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\n";
        var (status, decoder) = Decode(raw, segmentSize: segmentSize);

        Assert.Equal(HeadStatus.Complete, status);
        Assert.Equal(Decode(raw).Decoder.Headers!.ToList<KeyValuePair<string, string>>(), decoder.Headers!.ToList<KeyValuePair<string, string>>());
    }

    [Fact]
    public void ResponseDecoder_MapReturnedToThePool_NextResponseDecodesIntoItWithOnlyItsOwnFields()
    {
        IHeaderMap? first = null, second = null;
        OwnThread.Run(() =>
        {
            first = Decode("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nETag: \"x\"\r\nServer: s\r\n\r\n").Decoder.Headers;
            HeaderMapPool.Return(first);
            second = Decode("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n").Decoder.Headers;
        });

        Assert.Same(first, second);
        Assert.Equal("404", second!.Get(PseudoHeaders.Status));
        Assert.Null(second.Get("etag"));
        Assert.Null(second.Get("server"));
        Assert.Equal(2, second.Count);
    }
}
