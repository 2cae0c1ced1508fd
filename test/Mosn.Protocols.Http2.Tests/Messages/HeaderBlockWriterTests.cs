using System.Text;
using Mosn.Protocols.Http2.HPack;
using Mosn.Protocols.Http2.Messages;
using Mosn.Streams;

namespace Mosn.Protocols.Http2.Tests.Messages;

public sealed class HeaderBlockWriterTests
{
    private readonly HPackEncoder _encoder = new();
    private readonly HPackDecoder _decoder = new();

    private List<KeyValuePair<string, string>> Decode(ArrayBufferWriter<byte> output)
    {
        var map = new HeaderMap();
        var handler = new HeaderMapHandler(map);
        Assert.Equal(HPackError.None, _decoder.Decode(output.WrittenSpan, ref handler));
        return [.. map];
    }

    private static HeaderMap Map(params (string Name, string Value)[] fields)
    {
        var map = new HeaderMap();
        foreach (var (name, value) in fields)
        {
            map.Add(name, value);
        }

        return map;
    }

    [Fact]
    public void WriteRequest_PseudoHeadersFirstInRfcOrder()
    {
        var output = new ArrayBufferWriter<byte>();

        HeaderBlockWriter.WriteRequest(_encoder, Map(("accept", "*/*"), (":path", "/p"), (":authority", "a"), (":scheme", "https"), (":method", "PUT")), output);

        Assert.Equal(
            [new(":method", "PUT"), new(":scheme", "https"), new(":authority", "a"), new(":path", "/p"), new("accept", "*/*")],
            Decode(output));
    }

    [Fact]
    public void WriteRequest_Defaults_GetHttpSlash()
    {
        var output = new ArrayBufferWriter<byte>();

        HeaderBlockWriter.WriteRequest(_encoder, Map(("x", "1")), output);

        Assert.Equal([new(":method", "GET"), new(":scheme", "http"), new(":path", "/"), new("x", "1")], Decode(output));
    }

    [Fact]
    public void WriteRequest_HostWithoutAuthority_BecomesAuthorityAndHostDropped()
    {
        var output = new ArrayBufferWriter<byte>();

        HeaderBlockWriter.WriteRequest(_encoder, Map((":method", "GET"), (":path", "/"), ("Host", "h.example")), output);

        var fields = Decode(output);
        Assert.Contains(new KeyValuePair<string, string>(":authority", "h.example"), fields);
        Assert.DoesNotContain(fields, f => f.Key == "host");
    }

    [Fact]
    public void WriteRequest_ConnectionSpecificFields_Dropped()
    {
        var output = new ArrayBufferWriter<byte>();

        HeaderBlockWriter.WriteRequest(
            _encoder,
            Map((":method", "GET"), (":path", "/"), ("Connection", "keep-alive"), ("keep-alive", "timeout=5"), ("Proxy-Connection", "x"),
                ("Transfer-Encoding", "chunked"), ("Upgrade", "websocket"), ("te", "gzip"), ("x-kept", "1")),
            output);

        Assert.Equal([":method", ":scheme", ":path", "x-kept"], Decode(output).Select(f => f.Key));
    }

    [Fact]
    public void WriteRequest_TeTrailers_Kept()
    {
        var output = new ArrayBufferWriter<byte>();

        HeaderBlockWriter.WriteRequest(_encoder, Map((":method", "POST"), (":path", "/"), ("TE", "trailers")), output);

        Assert.Contains(new KeyValuePair<string, string>("te", "trailers"), Decode(output));
    }

    [Fact]
    public void WriteResponse_NamesLowercasedAndOrderKept()
    {
        var output = new ArrayBufferWriter<byte>();

        HeaderBlockWriter.WriteResponse(_encoder, Map(("Content-Type", "text/html"), (":status", "404"), ("X-B", "1"), ("x-a", "2")), output);

        Assert.Equal([new(":status", "404"), new("content-type", "text/html"), new("x-b", "1"), new("x-a", "2")], Decode(output));
    }

    [Fact]
    public void WriteResponse_NoStatus_Defaults200AndOtherPseudoHeadersDropped()
    {
        var output = new ArrayBufferWriter<byte>();

        HeaderBlockWriter.WriteResponse(_encoder, Map((":protocol-version", "HTTP/1.1"), ("server", "mosn")), output);

        Assert.Equal([new(":status", "200"), new("server", "mosn")], Decode(output));
    }

    [Fact]
    public void WriteResponse_ValuesHttp2CannotCarry_Dropped()
    {
        var output = new ArrayBufferWriter<byte>();

        HeaderBlockWriter.WriteResponse(_encoder, Map((":status", "200"), ("x-bad", "a\r\nb"), ("x-nul", "a\0"), ("x-ok", "ok")), output);

        Assert.Equal([":status", "x-ok"], Decode(output).Select(f => f.Key));
    }

    [Fact]
    public void WriteResponse_RepeatedFields_AllKept()
    {
        var output = new ArrayBufferWriter<byte>();

        HeaderBlockWriter.WriteResponse(_encoder, Map((":status", "200"), ("set-cookie", "a=1"), ("set-cookie", "b=2")), output);

        Assert.Equal(["a=1", "b=2"], Decode(output).Where(f => f.Key == "set-cookie").Select(f => f.Value));
    }

    [Fact]
    public void WriteTrailers_NoPseudoHeadersAndFramingFieldsDropped()
    {
        var output = new ArrayBufferWriter<byte>();

        HeaderBlockWriter.WriteTrailers(_encoder, Map((":status", "200"), ("grpc-status", "0"), ("Content-Length", "5"), ("Trailer", "x"), ("te", "trailers"), ("grpc-message", "ok")), output);

        Assert.Equal([new("grpc-status", "0"), new("grpc-message", "ok")], Decode(output));
    }

    [Fact]
    public void WriteResponse_ManyBlocks_EncoderAndDecoderStayInStep()
    {
        for (var i = 0; i < 50; i++)
        {
            var output = new ArrayBufferWriter<byte>();
            HeaderBlockWriter.WriteResponse(_encoder, Map((":status", "200"), ("x-n", (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture)), ("server", "mosn")), output);
            Assert.Equal((i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture), Decode(output)[1].Value);
        }
    }

    [Fact]
    public void WriteResponse_Latin1Value_RoundTrips()
    {
        var output = new ArrayBufferWriter<byte>();

        HeaderBlockWriter.WriteResponse(_encoder, Map((":status", "200"), ("x-latin", "caf\u00e9")), output);

        Assert.Equal("caf\u00e9", Decode(output)[1].Value);
        Assert.Equal([0x63, 0x61, 0x66, 0xe9], Encoding.Latin1.GetBytes(Decode(Encode("caf\u00e9"))[1].Value));
    }

    private ArrayBufferWriter<byte> Encode(string value)
    {
        var output = new ArrayBufferWriter<byte>();
        HeaderBlockWriter.WriteResponse(_encoder, Map((":status", "200"), ("x-latin", value)), output);
        return output;
    }
}
