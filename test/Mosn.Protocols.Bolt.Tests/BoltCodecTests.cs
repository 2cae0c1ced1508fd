using System.Buffers.Binary;
using System.Text;
using Mosn.Abstractions.Protocol;
using Mosn.Protocols.XProtocol;
using Mosn.Streams;

namespace Mosn.Protocols.Bolt.Tests;

public sealed partial class BoltCodecTests
{
    private static readonly BoltCodec s_codec = BoltCodec.Instance;
    private static readonly XProtocolOptions s_limits = XProtocolOptions.Default;

    private static XDecodeStatus Decode(byte[] bytes, out XFrame frame, XProtocolOptions? limits = null) =>
        s_codec.Decode(new ReadOnlySequence<byte>(bytes), limits ?? s_limits, out frame);

    [Fact]
    public void Decode_HandBuiltRequest_ExposesFieldsHeadersAndBody()
    {
        // proto, type, cmdcode, ver2, requestId, codec, timeout, classLen, headerLen, contentLen, class, header, content
        byte[] bytes =
        [
            0x01, 0x01, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x2A, 0x01, 0x00, 0x00, 0x0B, 0xB8,
            0x00, 0x01, 0x00, 0x11, 0x00, 0x00, 0x00, 0x03,
            (byte)'C',
            0x00, 0x00, 0x00, 0x07, (byte)'s', (byte)'e', (byte)'r', (byte)'v', (byte)'i', (byte)'c', (byte)'e',
            0x00, 0x00, 0x00, 0x02, (byte)'S', (byte)'1',
            0xAA, 0xBB, 0xCC,
        ];

        Assert.Equal(XDecodeStatus.Frame, Decode(bytes, out var frame));

        Assert.Equal(XFrameKind.Request, frame.Kind);
        Assert.Equal(42UL, frame.RequestId);
        Assert.Equal(bytes.Length, frame.Length);
        Assert.Equal(3000, frame.TimeoutMs);
        Assert.Equal("S1", frame.Headers.Get("service"));
        Assert.Equal("C", frame.Headers.Get(BoltHeaderNames.ClassName));
        Assert.Equal("1", frame.Headers.Get(BoltHeaderNames.CommandType));
        Assert.Equal("1", frame.Headers.Get(BoltHeaderNames.CommandCode));
        Assert.Equal("1", frame.Headers.Get(BoltHeaderNames.Codec));
        Assert.Equal("1", frame.Headers.Get(BoltHeaderNames.Version));
        Assert.Equal("3000", frame.Headers.Get(BoltHeaderNames.Timeout));
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC }, frame.Body.ToArray());
    }

    [Fact]
    public void EncodeRequest_DecodedHeaders_ReproducesTheFrameWithTheNewId()
    {
        var original = BoltFrames.Request(7, 1500, "com.alipay.sofa.rpc.core.request.SofaRequest",
            [("service", "com.alipay.test.HelloService:1.0"), ("sofa_head_method_name", "sayHello")], [1, 2, 3, 4, 5], codec: 11);
        Assert.Equal(XDecodeStatus.Frame, Decode(original, out var frame));

        var output = new ArrayBufferWriter<byte>();
        Assert.True(s_codec.EncodeRequest(output, 0x01020304, frame.Headers, frame.Body));

        var expected = (byte[])original.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(expected.AsSpan(5), 0x01020304);
        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void EncodeResponse_DecodedHeaders_ReproducesTheFrameWithTheNewId()
    {
        var original = BoltFrames.Response(9, (ushort)BoltResponseStatus.ServerException, "com.alipay.sofa.rpc.core.response.SofaResponse",
            [("sofa_head_response_error", "true")], Encoding.ASCII.GetBytes("payload"));
        Assert.Equal(XDecodeStatus.Frame, Decode(original, out var frame));

        var output = new ArrayBufferWriter<byte>();
        Assert.True(s_codec.EncodeResponse(output, 77, frame.Headers, frame.Body));

        var expected = (byte[])original.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(expected.AsSpan(5), 77);
        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Decode_WithTheConnectionsStringCache_RepeatedStringsReusedChangedOnesNewUtf8Exact()
    {
        var strings = new HeaderValueCache();
        var first = DecodeWith(strings, BoltFrames.Request(1, 100, "com.example.Req", [("service", "S:1.0"), ("x-id", "a1"), ("x-name", "h\u00e9llo \u4e16\u754c")]));
        var second = DecodeWith(strings, BoltFrames.Request(2, 100, "com.example.Req", [("service", "S:1.0"), ("x-id", "b2"), ("x-name", "h\u00e9llo \u4e16\u754c")]));

        Assert.Same(first.Get(BoltHeaderNames.ClassName), second.Get(BoltHeaderNames.ClassName));
        Assert.Same(first.Get("service"), second.Get("service"));
        Assert.Same(First(first, "x-id").Key, First(second, "x-id").Key);
        Assert.Equal("a1", first.Get("x-id"));
        Assert.Equal("b2", second.Get("x-id"));
        Assert.Equal("h\u00e9llo \u4e16\u754c", first.Get("x-name")); // UTF-8, never read as Latin-1 through the cache
        Assert.Equal("h\u00e9llo \u4e16\u754c", second.Get("x-name"));
        Assert.Equal(first.Count, second.Count);
    }

    private static IHeaderMap DecodeWith(HeaderValueCache strings, byte[] bytes)
    {
        Assert.Equal(XDecodeStatus.Frame, s_codec.Decode(new ReadOnlySequence<byte>(bytes), s_limits, strings, out var frame));
        return frame.Headers;
    }

    private static KeyValuePair<string, string> First(IHeaderMap headers, string name) =>
        headers.First(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void EncodeRequest_ProxyAddedHeader_GoesIntoTheHeaderBlockAndFieldsStayOut()
    {
        var headers = new HeaderMap();
        headers.Set(BoltHeaderNames.Timeout, "250");
        headers.Set("service", "S");
        headers.Set(":path", "/ignored");
        var output = new ArrayBufferWriter<byte>();

        Assert.True(s_codec.EncodeRequest(output, 5, headers, ReadOnlySequence<byte>.Empty));

        Assert.Equal(BoltFrames.Request(5, 250, "", [("service", "S")]), output.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData(BoltResponseStatus.Success, 200)]
    [InlineData(BoltResponseStatus.Error, 500)]
    [InlineData(BoltResponseStatus.ServerException, 500)]
    [InlineData(BoltResponseStatus.Unknown, 500)]
    [InlineData(BoltResponseStatus.ServerThreadpoolBusy, 503)]
    [InlineData(BoltResponseStatus.ErrorComm, 500)]
    [InlineData(BoltResponseStatus.NoProcessor, 500)]
    [InlineData(BoltResponseStatus.Timeout, 504)]
    [InlineData(BoltResponseStatus.ClientSendError, 500)]
    [InlineData(BoltResponseStatus.CodecException, 500)]
    [InlineData(BoltResponseStatus.ConnectionClosed, 502)]
    [InlineData(BoltResponseStatus.ServerSerialException, 500)]
    [InlineData(BoltResponseStatus.ServerDeserialException, 500)]
    public void Decode_ResponseStatus_KeptAndMappedToHttpInBothVersions(BoltResponseStatus status, int http)
    {
        foreach (var bytes in new[] { BoltFrames.Response(3, (ushort)status), BoltFrames.ResponseV2(3, (ushort)status, ver1: 2, switchByte: 1) })
        {
            Assert.Equal(XDecodeStatus.Frame, Decode(bytes, out var frame));

            Assert.Equal(XFrameKind.Response, frame.Kind);
            Assert.Equal(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), frame.Headers.Get(BoltHeaderNames.Status));
            Assert.Equal(http.ToString(System.Globalization.CultureInfo.InvariantCulture), frame.Headers.Get(PseudoHeaders.Status));
            Assert.True(s_codec.IsProtocolResponse(frame.Headers));
        }
    }

    [Theory]
    [InlineData(404, BoltResponseStatus.NoProcessor)]
    [InlineData(502, BoltResponseStatus.NoProcessor)]
    [InlineData(503, BoltResponseStatus.ServerThreadpoolBusy)]
    [InlineData(504, BoltResponseStatus.Timeout)]
    [InlineData(403, BoltResponseStatus.ServerException)]
    [InlineData(200, BoltResponseStatus.Success)]
    [InlineData(500, BoltResponseStatus.Unknown)]
    public void EncodeHijack_HttpStatus_IsAnEmptyRpcResponseWithMosnsBoltStatus(int http, BoltResponseStatus expected)
    {
        var request = new HeaderMap();
        request.Set(BoltHeaderNames.Codec, "11");
        var output = new ArrayBufferWriter<byte>();

        s_codec.EncodeHijack(output, 0xDEADBEEF, request, http);

        Assert.Equal(BoltFrames.Response(0xDEADBEEF, (ushort)expected, codec: 11), output.WrittenSpan.ToArray());
        Assert.False(s_codec.IsProtocolResponse(new HeaderMap([new(PseudoHeaders.Status, "404")])));
    }

    [Fact]
    public void EncodeHeartbeat_IsMosnsTrigger()
    {
        var output = new ArrayBufferWriter<byte>();

        s_codec.EncodeHeartbeat(output, 12);

        Assert.Equal(BoltFrames.Request(12, timeout: -1, cmdCode: 0), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Heartbeat_DecodedAndReplied_SameIdStatusSuccess()
    {
        Assert.Equal(XDecodeStatus.Frame, Decode(BoltFrames.Request(99, timeout: 3000, cmdCode: 0), out var frame));
        Assert.Equal(XFrameKind.Heartbeat, frame.Kind);
        var output = new ArrayBufferWriter<byte>();

        s_codec.EncodeHeartbeatReply(output, frame);

        Assert.Equal(BoltFrames.Response(99, 0, cmdCode: 0), output.WrittenSpan.ToArray());
        Assert.Equal(XDecodeStatus.Frame, Decode(output.WrittenSpan.ToArray(), out var ack));
        Assert.Equal(XFrameKind.HeartbeatAck, ack.Kind);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Decode_OneWayAndGoAway_Kinds(int version)
    {
        Assert.Equal(XDecodeStatus.Frame, Decode(RequestOf(version, 1, type: 2), out var oneWay));
        Assert.Equal(XFrameKind.OneWayRequest, oneWay.Kind);
        Assert.True(s_codec.IsOneWay(oneWay.Headers));
        Assert.Equal(XDecodeStatus.Frame, Decode(RequestOf(version, 2, cmdCode: 100), out var goAway));
        Assert.Equal(XFrameKind.GoAway, goAway.Kind);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Decode_EveryTruncation_NeedsMoreData_AndSegmentsDecodeTheSame(int version)
    {
        var bytes = RequestOf(version, 5, 100, "cls", [("service", "svc"), ("k", "")], [9, 8, 7]);
        for (var length = 1; length < bytes.Length; length++)
        {
            Assert.Equal(XDecodeStatus.NeedMoreData, Decode(bytes[..length], out _));
        }

        for (var segment = 1; segment < bytes.Length; segment += 3)
        {
            Assert.Equal(XDecodeStatus.Frame, s_codec.Decode(Segments.Create(bytes, segment), s_limits, out var frame));
            Assert.Equal("svc", frame.Headers.Get("service"));
            Assert.Equal("", frame.Headers.Get("k"));
            Assert.Equal("cls", frame.Headers.Get(BoltHeaderNames.ClassName));
            Assert.Equal(new byte[] { 9, 8, 7 }, frame.Body.ToArray());
        }
    }

    /// <summary>A v1 request, or a v2 request with the CRC on.</summary>
    private static byte[] RequestOf(int version, uint id, int timeout = 3000, string className = "", (string Key, string Value)[]? headers = null,
        byte[]? content = null, byte type = 1, ushort cmdCode = 1) =>
        version == 2
            ? BoltFrames.RequestV2(id, timeout, className, headers, content, ver1: 2, switchByte: 1, type: type, cmdCode: cmdCode)
            : BoltFrames.Request(id, timeout, className, headers, content, type, cmdCode);

    [Fact]
    public void Decode_TwoFramesInOneBuffer_ConsumesOnlyTheFirst()
    {
        var first = BoltFrames.Request(1, content: [1]);
        var second = BoltFrames.Response(2);
        Assert.Equal(XDecodeStatus.Frame, Decode([.. first, .. second], out var frame));
        Assert.Equal(first.Length, frame.Length);
        Assert.Equal(new byte[] { 1 }, frame.Body.ToArray());
    }

    [Fact]
    public void Decode_NullStringValue_IsEmpty()
    {
        byte[] block = [0, 0, 0, 1, (byte)'k', 0xFF, 0xFF, 0xFF, 0xFF];
        var bytes = BoltFrames.Request(1);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(16), (ushort)block.Length);
        Assert.Equal(XDecodeStatus.Frame, Decode([.. bytes, .. block], out var frame));
        Assert.Equal("", frame.Headers.Get("k"));
    }

    [Fact]
    public void Decode_BadMagicOrTypeOrCommand_Malformed()
    {
        var bad = BoltFrames.Request(1);
        bad[0] = 0x03; // 0x01 is v1, 0x02 v2; nothing else is Bolt
        Assert.Equal(XDecodeStatus.Malformed, Decode(bad, out _));
        Assert.Equal(XDecodeStatus.Malformed, Decode([0x00], out _));

        bad = BoltFrames.Request(1);
        bad[1] = 3;
        Assert.Equal(XDecodeStatus.Malformed, Decode(bad, out _));

        Assert.Equal(XDecodeStatus.Malformed, Decode(BoltFrames.Request(1, cmdCode: 7), out _));
        Assert.Equal(XDecodeStatus.Malformed, Decode(BoltFrames.Request(1, cmdCode: 2), out _)); // a response code in a request
        Assert.Equal(XDecodeStatus.Malformed, Decode(BoltFrames.Response(1, cmdCode: 1), out _));
    }

    [Fact]
    public void Decode_DeclaredLengthPastTheLimit_MalformedFromTheFixedHeaderAlone()
    {
        var head = BoltFrames.Request(1)[..22];
        BinaryPrimitives.WriteInt32BigEndian(head.AsSpan(18), 16 * 1024 * 1024);
        Assert.Equal(XDecodeStatus.Malformed, Decode(head, out _));

        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(18), uint.MaxValue);
        Assert.Equal(XDecodeStatus.Malformed, Decode(head, out _));

        var small = new XProtocolOptions { MaxFrameSize = 100 };
        Assert.Equal(XDecodeStatus.Malformed, Decode(BoltFrames.Request(1, content: new byte[79]), out _, small));
        Assert.Equal(XDecodeStatus.Frame, Decode(BoltFrames.Request(1, content: new byte[78]), out _, small));
    }

    [Fact]
    public void Decode_HeaderStringsPastTheBlock_Malformed()
    {
        // A key whose length runs past the header block, a negative length, and a key with no value.
        byte[][] blocks =
        [
            [0, 0, 0, 9, (byte)'k', 0, 0, 0, 0],
            [0xFF, 0xFF, 0xFF, 0xFE, 0, 0, 0, 0],
            [0, 0, 0, 1, (byte)'k'],
            [0, 0, 0],
        ];
        foreach (var block in blocks)
        {
            var bytes = BoltFrames.Request(1, content: [1, 2, 3]);
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(16), (ushort)block.Length);
            byte[] frame = [.. bytes[..22], .. block, .. bytes[22..]];
            Assert.Equal(XDecodeStatus.Malformed, Decode(frame, out _));
        }
    }

    [Fact]
    public void Decode_TooManyHeaders_Malformed()
    {
        var headers = Enumerable.Range(0, 5).Select(i => ($"k{i}", "v")).ToArray();
        Assert.Equal(XDecodeStatus.Malformed, Decode(BoltFrames.Request(1, headers: headers), out _, new XProtocolOptions { MaxHeaderCount = 4 }));
        Assert.Equal(XDecodeStatus.Frame, Decode(BoltFrames.Request(1, headers: headers), out _, new XProtocolOptions { MaxHeaderCount = 5 }));
    }

    [Fact]
    public void Match_FirstByte()
    {
        Assert.Equal(MatchResult.Again, s_codec.Match(ReadOnlySequence<byte>.Empty));
        Assert.Equal(MatchResult.Success, s_codec.Match(new ReadOnlySequence<byte>([0x01])));
        Assert.Equal(MatchResult.Failed, s_codec.Match(new ReadOnlySequence<byte>("GET"u8.ToArray())));
    }

    [Fact]
    public void StatusMapping_RoundTripsMosnsTables()
    {
        Assert.Equal(BoltResponseStatus.CodecException, BoltStatusMapping.FromHttp(0));
        Assert.Equal(BoltResponseStatus.ServerDeserialException, BoltStatusMapping.FromHttp(3));
        Assert.Equal(504, BoltStatusMapping.ToHttp(BoltStatusMapping.FromHttp(504)));
        Assert.Equal(503, BoltStatusMapping.ToHttp(BoltStatusMapping.FromHttp(503)));
    }
}
