using System.Buffers;
using System.Text;
using Mosn.Abstractions.Protocol;
using Mosn.Protocols.Http1.Codec;
using Mosn.Protocols.Http1.Tests.TestSupport;
using Mosn.Streams;
using Mosn.Testing;

namespace Mosn.Protocols.Http1.Tests.Codec;

public class Http1RequestDecoderTests
{
    private static (HeadStatus Status, Http1RequestDecoder Decoder, long Remaining) Decode(string raw, ProtocolOptions? options = null, int segmentSize = 0)
    {
        var decoder = new Http1RequestDecoder(options ?? ProtocolOptions.Default);
        var input = Segments.Create(Encoding.Latin1.GetBytes(raw), segmentSize);
        var status = decoder.Parse(ref input);
        return (status, decoder, input.Length);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", Http1DecodeError.ContentLengthWithTransferEncoding)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", Http1DecodeError.ContentLengthWithTransferEncoding)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n", Http1DecodeError.InvalidContentLength)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", Http1DecodeError.InvalidContentLength)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n", Http1DecodeError.InvalidContentLength)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1 2\r\n\r\n", Http1DecodeError.InvalidContentLength)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: \r\n\r\n", Http1DecodeError.InvalidContentLength)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\n", Http1DecodeError.InvalidContentLength)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", Http1DecodeError.InvalidContentLength)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", Http1DecodeError.InvalidContentLength)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", Http1DecodeError.InvalidTransferEncoding)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", Http1DecodeError.InvalidTransferEncoding)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", Http1DecodeError.InvalidTransferEncoding)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", Http1DecodeError.InvalidTransferEncoding)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \r\n\r\n", Http1DecodeError.InvalidTransferEncoding)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n", Http1DecodeError.InvalidTransferEncoding)]
    [InlineData("GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", Http1DecodeError.InvalidTransferEncoding)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", Http1DecodeError.UnsupportedTransferCoding)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX: b\r\n c\r\n\r\n", Http1DecodeError.ObsFold)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX: b\r\n\tc\r\n\r\n", Http1DecodeError.ObsFold)]
    [InlineData("GET / HTTP/1.1\r\n Host: a\r\n\r\n", Http1DecodeError.ObsFold)]
    [InlineData("GET / HTTP/1.1\r\nHost : a\r\n\r\n", Http1DecodeError.WhitespaceBeforeColon)]
    [InlineData("GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", Http1DecodeError.WhitespaceBeforeColon)]
    [InlineData("GET / HTTP/1.1\r\nHo st: a\r\n\r\n", Http1DecodeError.InvalidHeaderName)]
    [InlineData("GET / HTTP/1.1\r\nX(y): a\r\n\r\n", Http1DecodeError.InvalidHeaderName)]
    [InlineData("GET / HTTP/1.1\r\n: a\r\n\r\n", Http1DecodeError.InvalidHeaderName)]
    [InlineData("GET / HTTP/1.1\r\nNoColon\r\n\r\n", Http1DecodeError.InvalidHeaderName)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n", Http1DecodeError.InvalidHeaderValue)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", Http1DecodeError.InvalidHeaderValue)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX: a\u0001b\r\n\r\n", Http1DecodeError.InvalidHeaderValue)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX: a\u007Fb\r\n\r\n", Http1DecodeError.InvalidHeaderValue)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX: a\nY: b\r\n\r\n", Http1DecodeError.BareLineFeed)]
    [InlineData("GET / HTTP/1.1\nHost: a\n\n", Http1DecodeError.BareLineFeed)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n\n", Http1DecodeError.BareLineFeed)]
    [InlineData("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", Http1DecodeError.InvalidStartLine)]
    [InlineData(" GET / HTTP/1.1\r\nHost: a\r\n\r\n", Http1DecodeError.InvalidStartLine)]
    [InlineData("GET / HTTP/1.1 \r\nHost: a\r\n\r\n", Http1DecodeError.InvalidStartLine)]
    [InlineData("GET /\tHTTP/1.1\r\nHost: a\r\n\r\n", Http1DecodeError.InvalidStartLine)]
    [InlineData("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", Http1DecodeError.InvalidStartLine)]
    [InlineData("GET /\r\nHost: a\r\n\r\n", Http1DecodeError.InvalidStartLine)]
    [InlineData("GET / http/1.1\r\nHost: a\r\n\r\n", Http1DecodeError.InvalidStartLine)]
    [InlineData("GET / HTTP/1\r\nHost: a\r\n\r\n", Http1DecodeError.InvalidStartLine)]
    [InlineData("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", Http1DecodeError.InvalidMethod)]
    [InlineData("GET a/b HTTP/1.1\r\nHost: a\r\n\r\n", Http1DecodeError.InvalidTarget)]
    [InlineData("GET * HTTP/1.1\r\nHost: a\r\n\r\n", Http1DecodeError.InvalidTarget)]
    [InlineData("GET /\u007F HTTP/1.1\r\nHost: a\r\n\r\n", Http1DecodeError.InvalidTarget)]
    [InlineData("GET /\u00E9 HTTP/1.1\r\nHost: a\r\n\r\n", Http1DecodeError.InvalidTarget)]
    [InlineData("GET http://user@host/ HTTP/1.1\r\nHost: a\r\n\r\n", Http1DecodeError.InvalidTarget)]
    [InlineData("GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n", Http1DecodeError.InvalidTarget)]
    [InlineData("GET ftp://host/ HTTP/1.1\r\nHost: a\r\n\r\n", Http1DecodeError.InvalidTarget)]
    [InlineData("GET / HTTP/1.1\r\n\r\n", Http1DecodeError.MissingHost)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", Http1DecodeError.MultipleHost)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n", Http1DecodeError.MultipleHost)]
    [InlineData("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", Http1DecodeError.InvalidHost)]
    [InlineData("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", Http1DecodeError.InvalidHost)]
    [InlineData("GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", Http1DecodeError.InvalidHost)]
    [InlineData("GET / HTTP/2.0\r\nHost: a\r\n\r\n", Http1DecodeError.UnsupportedVersion)]
    [InlineData("GET / HTTP/1.2\r\nHost: a\r\n\r\n", Http1DecodeError.UnsupportedVersion)]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", Http1DecodeError.UnsupportedVersion)]
    [InlineData("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", Http1DecodeError.MethodNotImplemented)]
    public void Parse_MalformedRequest_ReturnsError(string raw, Http1DecodeError expected)
    {
        var (status, decoder, _) = Decode(raw);

        Assert.Equal(HeadStatus.Error, status);
        Assert.Equal(expected, decoder.Error);
    }

    [Theory]
    [InlineData(Http1DecodeError.StartLineTooLong, 414)]
    [InlineData(Http1DecodeError.HeadersTooLarge, 431)]
    [InlineData(Http1DecodeError.TooManyHeaders, 431)]
    [InlineData(Http1DecodeError.BodyTooLarge, 413)]
    [InlineData(Http1DecodeError.UnsupportedVersion, 505)]
    [InlineData(Http1DecodeError.UnsupportedTransferCoding, 501)]
    [InlineData(Http1DecodeError.MethodNotImplemented, 501)]
    [InlineData(Http1DecodeError.ObsFold, 400)]
    [InlineData(Http1DecodeError.ContentLengthWithTransferEncoding, 400)]
    public void ToStatusCode_ErrorKind_MapsToStatus(Http1DecodeError error, int status) => Assert.Equal(status, error.ToStatusCode());

    [Fact]
    public void Parse_RequestLineOverLimit_StartLineTooLong()
    {
        var options = new ProtocolOptions { MaxRequestLineSize = 64 };
        var (status, decoder, _) = Decode("GET /" + new string('a', 100), options);

        Assert.Equal(HeadStatus.Error, status);
        Assert.Equal(Http1DecodeError.StartLineTooLong, decoder.Error);
    }

    [Fact]
    public void Parse_RequestLineAtLimit_Accepted()
    {
        var line = "GET /" + new string('a', 64 - 14) + " HTTP/1.1";
        Assert.Equal(64, line.Length);
        var (status, _, _) = Decode(line + "\r\nHost: a\r\n\r\n", new ProtocolOptions { MaxRequestLineSize = 64 });

        Assert.Equal(HeadStatus.Complete, status);
    }

    [Fact]
    public void Parse_HeaderSectionOverLimit_HeadersTooLarge()
    {
        var options = new ProtocolOptions { MaxHeaderSize = 100 };
        var (status, decoder, _) = Decode("GET / HTTP/1.1\r\nHost: a\r\nX: " + new string('v', 120) + "\r\n\r\n", options);

        Assert.Equal(HeadStatus.Error, status);
        Assert.Equal(Http1DecodeError.HeadersTooLarge, decoder.Error);
    }

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(3, 0, true)]
    [InlineData(0, 1, false)]
    [InlineData(3, 1, false)]
    public void Parse_HeaderSectionAtAndJustOverLimit_SameOutcomeInOneOrManySegments(int segmentSize, int extra, bool accepted)
    {
        // The section's size counts every field line with its CRLF plus the final CRLF: "Host: a" (9) + "X: v..." + 2.
        const int limit = 100;
        var value = new string('v', limit - 9 - 2 - 5 + extra);
        var (status, decoder, _) = Decode("GET / HTTP/1.1\r\nHost: a\r\nX: " + value + "\r\n\r\n", new ProtocolOptions { MaxHeaderSize = limit }, segmentSize);

        Assert.Equal(accepted ? HeadStatus.Complete : HeadStatus.Error, status);
        Assert.Equal(accepted ? Http1DecodeError.None : Http1DecodeError.HeadersTooLarge, decoder.Error);
    }

    [Fact]
    public void Parse_IncompleteHeaderSectionOverLimit_HeadersTooLargeBeforeTheEnd()
    {
        var options = new ProtocolOptions { MaxHeaderSize = 100 };
        var (status, decoder, _) = Decode("GET / HTTP/1.1\r\nHost: a\r\nX: " + new string('v', 120), options);

        Assert.Equal(HeadStatus.Error, status);
        Assert.Equal(Http1DecodeError.HeadersTooLarge, decoder.Error);
    }

    [Fact]
    public void Parse_ManySmallHeadersOverSizeLimit_HeadersTooLarge()
    {
        var options = new ProtocolOptions { MaxHeaderSize = 200, MaxHeaderCount = 1000 };
        var raw = "GET / HTTP/1.1\r\nHost: a\r\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"X{i}: v\r\n")) + "\r\n";
        var (status, decoder, _) = Decode(raw, options);

        Assert.Equal(HeadStatus.Error, status);
        Assert.Equal(Http1DecodeError.HeadersTooLarge, decoder.Error);
    }

    [Fact]
    public void Parse_MoreHeadersThanCount_TooManyHeaders()
    {
        var options = new ProtocolOptions { MaxHeaderCount = 5 };
        var raw = "GET / HTTP/1.1\r\nHost: a\r\n" + string.Concat(Enumerable.Range(0, 5).Select(i => $"X{i}: v\r\n")) + "\r\n";
        var (status, decoder, _) = Decode(raw, options);

        Assert.Equal(HeadStatus.Error, status);
        Assert.Equal(Http1DecodeError.TooManyHeaders, decoder.Error);
    }

    [Fact]
    public void Parse_ContentLengthOverBodyLimit_BodyTooLarge()
    {
        var (status, decoder, _) = Decode("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", new ProtocolOptions { MaxRequestBodySize = 10 });

        Assert.Equal(HeadStatus.Error, status);
        Assert.Equal(Http1DecodeError.BodyTooLarge, decoder.Error);
    }

    [Fact]
    public void Parse_OriginForm_PseudoHeadersFirstThenFieldsInOrder()
    {
        var (status, decoder, remaining) = Decode("GET /a?b=c HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nX-Custom: 1\r\nX-Custom: 2\r\n\r\nNEXT");

        Assert.Equal(HeadStatus.Complete, status);
        Assert.Equal(4, remaining);
        Assert.Equal(
            [
                new(":method", "GET"), new(":path", "/a?b=c"), new(":authority", "example.com"), new(":scheme", "http"),
                new(":protocol-version", "HTTP/1.1"), new("accept", "*/*"), new("x-custom", "1"), new("x-custom", "2"),
            ],
            decoder.Headers!.ToList<KeyValuePair<string, string>>());
        Assert.Equal(BodyKind.None, decoder.BodyKind);
        Assert.True(decoder.KeepAlive);
    }

    [Fact]
    public void Parse_HopByHopFields_Removed()
    {
        const string raw = "GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, X-Secret\r\nX-Secret: s\r\nKeep-Alive: timeout=5\r\n"
            + "Proxy-Connection: keep-alive\r\nUpgrade: websocket\r\nTE: gzip\r\nX-Kept: k\r\nContent-Length: 0\r\n\r\n";
        var (status, decoder, _) = Decode(raw);

        Assert.Equal(HeadStatus.Complete, status);
        var regular = decoder.Headers!.Where(h => h.Key[0] != ':').ToList();
        Assert.Equal([new("x-kept", "k"), new("content-length", "0")], regular);
    }

    [Fact]
    public void Parse_TeTrailers_Kept()
    {
        var (_, decoder, _) = Decode("GET / HTTP/1.1\r\nHost: a\r\nTE: trailers\r\n\r\n");

        Assert.Equal("trailers", decoder.Headers!.Get("te"));
    }

    [Fact]
    public void Parse_ConnectionNominatesContentLength_ContentLengthKept()
    {
        var (_, decoder, _) = Decode("POST / HTTP/1.1\r\nHost: a\r\nConnection: Content-Length\r\nContent-Length: 3\r\n\r\n");

        Assert.Equal("3", decoder.Headers!.Get("content-length"));
        Assert.Equal(BodyKind.ContentLength, decoder.BodyKind);
    }

    [Fact]
    public void Parse_AbsoluteForm_AuthorityFromTargetAndPathSplit()
    {
        var (status, decoder, _) = Decode("GET http://Example.com:8080?x=1 HTTP/1.1\r\nHost: other\r\n\r\n");

        Assert.Equal(HeadStatus.Complete, status);
        Assert.Equal("Example.com:8080", decoder.Headers!.Get(":authority"));
        Assert.Equal("/?x=1", decoder.Headers.Get(":path"));
        Assert.Null(decoder.Headers.Get("host"));
    }

    [Fact]
    public void Parse_AsteriskFormOptions_PathIsAsterisk()
    {
        var (status, decoder, _) = Decode("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Equal(HeadStatus.Complete, status);
        Assert.Equal("*", decoder.Headers!.Get(":path"));
    }

    [Fact]
    public void Parse_Http10WithoutHost_NoAuthorityAndNotKeepAlive()
    {
        var (status, decoder, _) = Decode("GET / HTTP/1.0\r\n\r\n");

        Assert.Equal(HeadStatus.Complete, status);
        Assert.Null(decoder.Headers!.Get(":authority"));
        Assert.Equal("HTTP/1.0", decoder.Headers.Get(":protocol-version"));
        Assert.False(decoder.KeepAlive);
    }

    [Theory]
    [InlineData("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nConnection: Keep-Alive, Close\r\n\r\n", false)]
    public void Parse_ConnectionOptions_DecideKeepAlive(string raw, bool keepAlive)
    {
        var (_, decoder, _) = Decode(raw);

        Assert.Equal(keepAlive, decoder.KeepAlive);
    }

    [Fact]
    public void Parse_EqualContentLengthList_Accepted()
    {
        var (status, decoder, _) = Decode("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\nContent-Length: 5\r\n\r\n");

        Assert.Equal(HeadStatus.Complete, status);
        Assert.Equal(5, decoder.ContentLength);
    }

    [Fact]
    public void Parse_ChunkedCaseInsensitive_Chunked()
    {
        var (status, decoder, _) = Decode("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n");

        Assert.Equal(HeadStatus.Complete, status);
        Assert.Equal(BodyKind.Chunked, decoder.BodyKind);
        Assert.Null(decoder.Headers!.Get("transfer-encoding"));
    }

    [Fact]
    public void Parse_ExpectContinueWithBody_FlaggedAndRemoved()
    {
        var (_, decoder, _) = Decode("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n");

        Assert.True(decoder.ExpectContinue);
        Assert.Null(decoder.Headers!.Get("expect"));
    }

    [Fact]
    public void Parse_LeadingEmptyLines_Ignored()
    {
        var (status, decoder, _) = Decode("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Equal(HeadStatus.Complete, status);
        Assert.Equal("GET", decoder.Method);
    }

    [Fact]
    public void Parse_ValueWhitespaceAndObsText_TrimmedAndPreserved()
    {
        var (_, decoder, _) = Decode("GET / HTTP/1.1\r\nHost: a\r\nX-A: \t v a l \t\r\nX-B:\r\nX-C: caf\u00E9\r\n\r\n");

        Assert.Equal("v a l", decoder.Headers!.Get("x-a"));
        Assert.Equal(string.Empty, decoder.Headers.Get("x-b"));
        Assert.Equal("caf\u00E9", decoder.Headers.Get("x-c"));
    }

    [Fact]
    public void Parse_CommonHeaderName_Interned()
    {
        var (_, first, _) = Decode("GET / HTTP/1.1\r\nHOST: a\r\nUser-Agent: x\r\n\r\n");
        var (_, second, _) = Decode("GET / HTTP/1.1\r\nhost: a\r\nuser-agent: y\r\n\r\n");

        var a = first.Headers!.First(h => h.Key == "user-agent").Key;
        var b = second.Headers!.First(h => h.Key == "user-agent").Key;
        Assert.Same(a, b);
    }

    [Fact]
    public void Parse_HeadArrivesByteByByte_SameResultAsWhole()
    {
        const string raw = "POST /upload?id=7 HTTP/1.1\r\nHost: example.com\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\n";
        var whole = Decode(raw).Decoder.Headers!.ToList<KeyValuePair<string, string>>();

        var decoder = new Http1RequestDecoder(ProtocolOptions.Default);
        var bytes = Encoding.Latin1.GetBytes(raw);
        var pending = Array.Empty<byte>();
        var status = HeadStatus.NeedMore;
        foreach (var b in bytes)
        {
            pending = [.. pending, b];
            var input = new ReadOnlySequence<byte>(pending);
            status = decoder.Parse(ref input);
            pending = input.ToArray();
        }

        Assert.Equal(HeadStatus.Complete, status);
        Assert.Equal(whole, decoder.Headers!.ToList<KeyValuePair<string, string>>());
        Assert.Equal(12, decoder.ContentLength);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(16)]
    public void Parse_MultiSegmentInput_SameResultAsSingleSegment(int segmentSize)
    {
        const string raw = "GET http://h:1/p?q HTTP/1.1\r\nHost: h:1\r\nAccept: text/html\r\nX-Long: " + "0123456789abcdef0123456789" + "\r\n\r\n";
        var single = Decode(raw).Decoder.Headers!.ToList<KeyValuePair<string, string>>();
        var (status, decoder, _) = Decode(raw, segmentSize: segmentSize);

        Assert.Equal(HeadStatus.Complete, status);
        Assert.Equal(single, decoder.Headers!.ToList<KeyValuePair<string, string>>());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Parse_BareLineFeedAcrossSegments_Rejected(int segmentSize)
    {
        var (status, decoder, _) = Decode("GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n", segmentSize: segmentSize);

        Assert.Equal(HeadStatus.Error, status);
        Assert.Equal(Http1DecodeError.BareLineFeed, decoder.Error);
    }

    [Fact]
    public void Reset_AfterRequest_ParsesNext()
    {
        var decoder = new Http1RequestDecoder(ProtocolOptions.Default);
        var input = new ReadOnlySequence<byte>("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.0\r\n\r\n"u8.ToArray());
        Assert.Equal(HeadStatus.Complete, decoder.Parse(ref input));
        Assert.Equal("/1", decoder.Headers!.Get(":path"));

        decoder.Reset();

        Assert.Equal(HeadStatus.Complete, decoder.Parse(ref input));
        Assert.Equal("/2", decoder.Headers!.Get(":path"));
        Assert.True(input.IsEmpty);
    }

    [Fact]
    public void RequestDecoder_RepeatedRequestsOnOneConnection_ReuseValueStringsAndKeepNewValues()
    {
        var decoder = new Http1RequestDecoder(ProtocolOptions.Default);
        var first = ParseReusing(decoder, "GET /items HTTP/1.1\r\nHost: api\r\nAccept: text/plain\r\nX-Request-Id: 1\r\n\r\n");
        var second = ParseReusing(decoder, "GET /items HTTP/1.1\r\nHost: api\r\nAccept: text/plain\r\nX-Request-Id: 2\r\n\r\n");
        var third = ParseReusing(decoder, "GET /other HTTP/1.1\r\nHost: api\r\nAccept: text/html\r\nX-Request-Id: 2\r\n\r\n");

        Assert.Same(first.Get(PseudoHeaders.Path), second.Get(PseudoHeaders.Path));
        Assert.Same(first.Get(PseudoHeaders.Authority), second.Get(PseudoHeaders.Authority));
        Assert.Same(first.Get("accept"), second.Get("accept"));
        Assert.Equal("1", first.Get("x-request-id"));
        Assert.Equal("2", second.Get("x-request-id"));
        Assert.Equal("/other", third.Get(PseudoHeaders.Path));
        Assert.Equal("text/html", third.Get("accept"));
        Assert.Equal("text/plain", second.Get("accept"));
        Assert.Same(second.Get("x-request-id"), third.Get("x-request-id"));
    }

    [Fact]
    public void RequestDecoder_MapReturnedToThePool_NextRequestDecodesIntoItWithOnlyItsOwnFields()
    {
        // The pool is per thread: a thread of the test's own, so that no other test's maps are in it.
        IHeaderMap? first = null, second = null;
        OwnThread.Run(() =>
        {
            var decoder = new Http1RequestDecoder(ProtocolOptions.Default);
            first = ParseReusing(decoder, "GET /a HTTP/1.1\r\nHost: api\r\nX-One: 1\r\nX-Two: 2\r\n\r\n");
            HeaderMapPool.Return(first);
            second = ParseReusing(decoder, "GET /b HTTP/1.1\r\nHost: api\r\n\r\n");
        });

        Assert.Same(first, second);
        Assert.Equal("/b", second!.Get(PseudoHeaders.Path));
        Assert.Null(second.Get("x-one"));
        Assert.Null(second.Get("x-two"));
        Assert.Equal(5, second.Count); // :method, :path, :authority, :scheme, :protocol
    }

    private static IHeaderMap ParseReusing(Http1RequestDecoder decoder, string raw)
    {
        decoder.Reset();
        var input = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(raw));
        Assert.Equal(HeadStatus.Complete, decoder.Parse(ref input));
        return decoder.Headers!;
    }
}
