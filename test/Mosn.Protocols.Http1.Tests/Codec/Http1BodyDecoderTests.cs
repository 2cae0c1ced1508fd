using System.Buffers;
using System.Text;
using Mosn.Abstractions.Protocol;
using Mosn.Protocols.Http1.Codec;
using Mosn.Protocols.Http1.Tests.TestSupport;

namespace Mosn.Protocols.Http1.Tests.Codec;

public class Http1BodyDecoderTests
{
    /// <summary>Decodes everything available; returns the body, the final status and the unconsumed byte count.</summary>
    private static (string Body, BodyStatus Last, Http1BodyDecoder Decoder, long Remaining) DecodeAll(
        string raw, BodyKind kind = BodyKind.Chunked, long contentLength = 0, long maxBody = 0, int segmentSize = 0, bool endOfInput = false, ProtocolOptions? options = null)
    {
        var decoder = new Http1BodyDecoder(options ?? ProtocolOptions.Default);
        decoder.Reset(kind, contentLength, maxBody);
        var input = Segments.Create(Encoding.Latin1.GetBytes(raw), segmentSize);
        var body = new StringBuilder();
        BodyStatus status;
        while ((status = decoder.Read(ref input, endOfInput, out var data)) == BodyStatus.Data)
        {
            body.Append(Encoding.Latin1.GetString(data.ToArray()));
            if (decoder.IsComplete)
            {
                break;
            }
        }

        return (body.ToString(), status, decoder, input.Length);
    }

    [Fact]
    public void Read_ChunkedWithExtensionsAndTrailers_BodyAndTrailers()
    {
        const string raw = "5;name=value\r\nhello\r\n6 ; a=\"q\" ;b\r\n world\r\n0;last\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\nNEXT";
        var (body, last, decoder, remaining) = DecodeAll(raw);

        Assert.Equal("hello world", body);
        Assert.Equal(BodyStatus.Done, last);
        Assert.True(decoder.IsComplete);
        Assert.Equal([new("x-checksum", "abc"), new("x-other", "1")], decoder.Trailers!.ToList<KeyValuePair<string, string>>());
        Assert.Equal(4, remaining);
    }

    [Fact]
    public void Read_ChunkedWithoutTrailers_DoneWithNullTrailers()
    {
        var (body, last, decoder, _) = DecodeAll("3\r\nabc\r\n0\r\n\r\n");

        Assert.Equal("abc", body);
        Assert.Equal(BodyStatus.Done, last);
        Assert.Null(decoder.Trailers);
    }

    [Fact]
    public void Read_ForbiddenTrailerFields_Dropped()
    {
        var (_, _, decoder, _) = DecodeAll("0\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nHost: x\r\nX-Ok: 1\r\n\r\n");

        Assert.Equal([new("x-ok", "1")], decoder.Trailers!.ToList<KeyValuePair<string, string>>());
    }

    [Fact]
    public void Read_UpperCaseHexAndLeadingZeros_Accepted()
    {
        var (body, last, _, _) = DecodeAll("0000A\r\n0123456789\r\n0\r\n\r\n");

        Assert.Equal("0123456789", body);
        Assert.Equal(BodyStatus.Done, last);
    }

    [Theory]
    [InlineData("zz\r\nabc\r\n0\r\n\r\n")]
    [InlineData("\r\nabc\r\n0\r\n\r\n")]
    [InlineData(" 3\r\nabc\r\n0\r\n\r\n")]
    [InlineData("-3\r\nabc\r\n0\r\n\r\n")]
    [InlineData("0x3\r\nabc\r\n0\r\n\r\n")]
    [InlineData("3 x\r\nabc\r\n0\r\n\r\n")]
    [InlineData("3;a\u0001b\r\nabc\r\n0\r\n\r\n")]
    [InlineData("3;a\rb\r\nabc\r\n0\r\n\r\n")]
    [InlineData("1000000000000000\r\n")]
    [InlineData("3\nabc\r\n0\r\n\r\n")]
    [InlineData("3\r\nabcXY0\r\n\r\n")]
    [InlineData("3\r\nabc\n0\r\n\r\n")]
    [InlineData("3\r\nabc\rX")]
    public void Read_MalformedChunk_InvalidChunk(string raw)
    {
        var (_, last, decoder, _) = DecodeAll(raw);

        Assert.Equal(BodyStatus.Error, last);
        Assert.Equal(Http1DecodeError.InvalidChunk, decoder.Error);
        Assert.False(decoder.IsComplete);
    }

    [Fact]
    public void Read_ChunkSizeLineTooLong_InvalidChunk()
    {
        var (_, last, decoder, _) = DecodeAll("3;" + new string('x', Http1BodyDecoder.MaxChunkSizeLine + 10));

        Assert.Equal(BodyStatus.Error, last);
        Assert.Equal(Http1DecodeError.InvalidChunk, decoder.Error);
    }

    [Fact]
    public void Read_FifteenSignificantHexDigits_Accepted()
    {
        Assert.True(Http1BodyDecoder.TryParseChunkSize("00000FFFFFFFFFFFFFFF"u8, out var size));
        Assert.Equal(0xFFFFFFFFFFFFFFFL, size);
    }

    [Theory]
    [InlineData("0\r\nX: a\nY: b\r\n\r\n", Http1DecodeError.BareLineFeed)]
    [InlineData("0\r\n X: a\r\n\r\n", Http1DecodeError.ObsFold)]
    [InlineData("0\r\nX : a\r\n\r\n", Http1DecodeError.WhitespaceBeforeColon)]
    [InlineData("0\r\nX: a\0\r\n\r\n", Http1DecodeError.InvalidHeaderValue)]
    public void Read_MalformedTrailer_Error(string raw, Http1DecodeError expected)
    {
        var (_, last, decoder, _) = DecodeAll(raw);

        Assert.Equal(BodyStatus.Error, last);
        Assert.Equal(expected, decoder.Error);
    }

    [Fact]
    public void Read_TooManyTrailers_TooManyHeaders()
    {
        var raw = "0\r\n" + string.Concat(Enumerable.Range(0, 4).Select(i => $"X{i}: v\r\n")) + "\r\n";
        var (_, last, decoder, _) = DecodeAll(raw, options: new ProtocolOptions { MaxHeaderCount = 3 });

        Assert.Equal(BodyStatus.Error, last);
        Assert.Equal(Http1DecodeError.TooManyHeaders, decoder.Error);
    }

    [Fact]
    public void Read_ChunkedOverBodyLimit_BodyTooLargeBeforeData()
    {
        var (body, last, decoder, _) = DecodeAll("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", maxBody: 10);

        Assert.Equal("hello", body);
        Assert.Equal(BodyStatus.Error, last);
        Assert.Equal(Http1DecodeError.BodyTooLarge, decoder.Error);
    }

    [Fact]
    public void Read_ContentLength_StopsAtLengthAndLeavesRest()
    {
        var (body, last, decoder, remaining) = DecodeAll("helloNEXT", BodyKind.ContentLength, contentLength: 5);

        Assert.Equal("hello", body);
        Assert.Equal(BodyStatus.Data, last);
        Assert.True(decoder.IsComplete);
        Assert.Equal(4, remaining);
    }

    [Fact]
    public void Read_ContentLengthPartial_NeedMoreAfterData()
    {
        var (body, last, decoder, _) = DecodeAll("hel", BodyKind.ContentLength, contentLength: 5);

        Assert.Equal("hel", body);
        Assert.Equal(BodyStatus.NeedMore, last);
        Assert.False(decoder.IsComplete);
    }

    [Fact]
    public void Read_UntilClose_EndsAtEndOfInput()
    {
        var (body, last, decoder, _) = DecodeAll("all of it", BodyKind.UntilClose, endOfInput: true);

        Assert.Equal("all of it", body);
        Assert.Equal(BodyStatus.Done, last);
        Assert.True(decoder.IsComplete);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(11)]
    public void Read_ChunkedAcrossSegments_SameResult(int segmentSize)
    {
        const string raw = "5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-T: 1\r\n\r\n";
        var (body, last, decoder, _) = DecodeAll(raw, segmentSize: segmentSize);

        Assert.Equal("hello world", body);
        Assert.Equal(BodyStatus.Done, last);
        Assert.Equal("1", decoder.Trailers!.Get("x-t"));
    }

    [Fact]
    public void Read_ChunkedByteByByte_SameResult()
    {
        var bytes = Encoding.Latin1.GetBytes("a\r\n0123456789\r\n2;x\r\nab\r\n0\r\nX: y\r\n\r\n");
        var decoder = new Http1BodyDecoder(ProtocolOptions.Default);
        decoder.Reset(BodyKind.Chunked, 0, 0);
        var pending = Array.Empty<byte>();
        var body = new StringBuilder();
        foreach (var b in bytes)
        {
            pending = [.. pending, b];
            var input = new ReadOnlySequence<byte>(pending);
            BodyStatus status;
            while ((status = decoder.Read(ref input, false, out var data)) == BodyStatus.Data)
            {
                body.Append(Encoding.Latin1.GetString(data.ToArray()));
            }

            Assert.NotEqual(BodyStatus.Error, status);
            pending = input.ToArray();
        }

        Assert.True(decoder.IsComplete);
        Assert.Equal("0123456789ab", body.ToString());
        Assert.Equal("y", decoder.Trailers!.Get("x"));
    }

    [Fact]
    public void Read_OneGibibyteChunkedBody_StreamsInConstantMemory()
    {
        const int chunkSize = 1 << 20;
        const int chunks = 1024;
        var header = Encoding.ASCII.GetBytes($"{chunkSize:X}\r\n");
        var frame = new byte[header.Length + chunkSize + 2];
        header.CopyTo(frame, 0);
        frame[^2] = (byte)'\r';
        frame[^1] = (byte)'\n';
        var decoder = new Http1BodyDecoder(ProtocolOptions.Default);
        decoder.Reset(BodyKind.Chunked, 0, 0);
        long delivered = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        // The same frame buffer is fed again and again, in 64 KiB reads, like a socket loop reusing its buffer.
        for (var i = 0; i < chunks; i++)
        {
            for (var offset = 0; offset < frame.Length; offset += 65536)
            {
                var input = new ReadOnlySequence<byte>(frame, offset, Math.Min(65536, frame.Length - offset));
                while (decoder.Read(ref input, false, out var data) == BodyStatus.Data)
                {
                    delivered += data.Length;
                }

                // The reads never split a chunk-size line or CRLF here, so everything is consumed.
                Assert.True(input.IsEmpty);
            }
        }

        var last = new ReadOnlySequence<byte>("0\r\n\r\n"u8.ToArray());
        Assert.Equal(BodyStatus.Done, decoder.Read(ref last, false, out _));
        Assert.Equal((long)chunkSize * chunks, delivered);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore < 8 * 1024 * 1024);
    }
}
