using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Mosn.Abstractions.Protocol;
using Mosn.Protocols.XProtocol;
using Mosn.Streams;

namespace Mosn.Protocols.Bolt.Tests;

/// <summary>Bolt v2 frames (<see cref="BoltCodec.V2"/>), and v1 and v2 frames sharing one codec.</summary>
public sealed partial class BoltCodecTests
{
    private static readonly BoltCodec s_v2 = BoltCodec.V2;

    private static XDecodeStatus DecodeV2(byte[] bytes, out XFrame frame, XProtocolOptions? limits = null) =>
        s_v2.Decode(new ReadOnlySequence<byte>(bytes), limits ?? s_limits, out frame);

    [Fact]
    public void DecodeV2_HandBuiltRequestWithoutCrc_ExposesFieldsHeadersAndBody()
    {
        // proto, ver1, type, cmdcode, ver2, requestId, codec, switch, timeout, classLen, headerLen, contentLen, class, header, content
        byte[] bytes =
        [
            0x02, 0x01, 0x01, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x2A, 0x0B, 0x00, 0x00, 0x00, 0x0B, 0xB8,
            0x00, 0x01, 0x00, 0x11, 0x00, 0x00, 0x00, 0x03,
            (byte)'C',
            0x00, 0x00, 0x00, 0x07, (byte)'s', (byte)'e', (byte)'r', (byte)'v', (byte)'i', (byte)'c', (byte)'e',
            0x00, 0x00, 0x00, 0x02, (byte)'S', (byte)'1',
            0xAA, 0xBB, 0xCC,
        ];

        Assert.Equal(XDecodeStatus.Frame, DecodeV2(bytes, out var frame));

        Assert.Equal(XFrameKind.Request, frame.Kind);
        Assert.Equal(42UL, frame.RequestId);
        Assert.Equal(bytes.Length, frame.Length);
        Assert.Equal(3000, frame.TimeoutMs);
        Assert.Equal("S1", frame.Headers.Get("service"));
        Assert.Equal("C", frame.Headers.Get(BoltHeaderNames.ClassName));
        Assert.Equal("2", frame.Headers.Get(BoltHeaderNames.ProtocolCode));
        Assert.Equal("1", frame.Headers.Get(BoltHeaderNames.ProtocolVersion));
        Assert.Equal("0", frame.Headers.Get(BoltHeaderNames.Switch));
        Assert.Equal("11", frame.Headers.Get(BoltHeaderNames.Codec));
        Assert.Equal("1", frame.Headers.Get(BoltHeaderNames.Version));
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC }, frame.Body.ToArray());
        Assert.Equal(BoltFrames.RequestV2(42, 3000, "C", [("service", "S1")], [0xAA, 0xBB, 0xCC], codec: 11), bytes);
    }

    [Fact]
    public void DecodeV2_RequestWithCrc_LengthIncludesTheCrcAndBodyExcludesIt()
    {
        var bytes = BoltFrames.RequestV2(7, 500, "cls", [("service", "svc")], [1, 2, 3], ver1: 2, switchByte: 1);
        Assert.Equal(BoltFrames.Crc32(bytes.AsSpan(0, bytes.Length - 4)), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(bytes.Length - 4)));

        Assert.Equal(XDecodeStatus.Frame, DecodeV2(bytes, out var frame));

        Assert.Equal(bytes.Length, frame.Length);
        Assert.Equal(new byte[] { 1, 2, 3 }, frame.Body.ToArray());
        Assert.Equal("2", frame.Headers.Get(BoltHeaderNames.ProtocolVersion));
        Assert.Equal("1", frame.Headers.Get(BoltHeaderNames.Switch));
    }

    [Fact]
    public void DecodeV2_SwitchOnButVersion1_HasNoCrc()
    {
        // SOFABolt reads the CRC only when ver1 is 2: with ver1 1 the switch bit alone adds nothing.
        var bytes = BoltFrames.RequestV2(7, content: [9], ver1: 1, switchByte: 1);
        Assert.Equal(XDecodeStatus.Frame, DecodeV2([.. bytes, 0xEE, 0xEE, 0xEE, 0xEE], out var frame));
        Assert.Equal(bytes.Length, frame.Length);
        Assert.Equal(new byte[] { 9 }, frame.Body.ToArray());
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(2, 1)]
    [InlineData(1, 1)]
    public void EncodeRequestV2_DecodedHeaders_ReproducesTheFrameWithTheNewIdAndCrc(byte ver1, byte switchByte)
    {
        (string, string)[] headers = [("service", "com.alipay.test.HelloService:1.0"), ("sofa_head_method_name", "sayHello")];
        var original = BoltFrames.RequestV2(7, 1500, "com.alipay.sofa.rpc.core.request.SofaRequest", headers, [1, 2, 3, 4, 5], ver1, switchByte, codec: 11);
        Assert.Equal(XDecodeStatus.Frame, DecodeV2(original, out var frame));

        var output = new ArrayBufferWriter<byte>();
        Assert.True(s_v2.EncodeRequest(output, 0x01020304, frame.Headers, frame.Body));

        var expected = BoltFrames.RequestV2(0x01020304, 1500, "com.alipay.sofa.rpc.core.request.SofaRequest", headers, [1, 2, 3, 4, 5], ver1, switchByte, codec: 11);
        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    public void EncodeResponseV2_DecodedHeaders_ReproducesTheFrameWithTheNewIdAndCrc(byte ver1, byte switchByte)
    {
        (string, string)[] headers = [("sofa_head_response_error", "true")];
        var payload = Encoding.ASCII.GetBytes("payload");
        var original = BoltFrames.ResponseV2(9, (ushort)BoltResponseStatus.ServerException, "com.alipay.sofa.rpc.core.response.SofaResponse", headers, payload, ver1, switchByte);
        Assert.Equal(XDecodeStatus.Frame, DecodeV2(original, out var frame));
        Assert.Equal("500", frame.Headers.Get(PseudoHeaders.Status));

        var output = new ArrayBufferWriter<byte>();
        Assert.True(s_v2.EncodeResponse(output, 77, frame.Headers, frame.Body));

        Assert.Equal(BoltFrames.ResponseV2(77, (ushort)BoltResponseStatus.ServerException, "com.alipay.sofa.rpc.core.response.SofaResponse", headers, payload, ver1, switchByte),
            output.WrittenSpan.ToArray());
    }

    [Fact]
    public void EncodeRequestV2_MultiSegmentBodyWithCrc_ChecksumCoversEverySegment()
    {
        var headers = new HeaderMap();
        headers.Set(BoltHeaderNames.ProtocolVersion, "2");
        headers.Set(BoltHeaderNames.Switch, "1");
        headers.Set("service", "S");
        var body = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        var output = new ArrayBufferWriter<byte>();

        Assert.True(s_v2.EncodeRequest(output, 3, headers, Segments.Create(body, 7)));

        Assert.Equal(BoltFrames.RequestV2(3, 0, "", [("service", "S")], body, ver1: 2, switchByte: 1), output.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData(404, BoltResponseStatus.NoProcessor)]
    [InlineData(503, BoltResponseStatus.ServerThreadpoolBusy)]
    [InlineData(504, BoltResponseStatus.Timeout)]
    public void EncodeHijackV2_CrcRequest_AnsweredInV2WithAValidCrc(int http, BoltResponseStatus expected)
    {
        Assert.Equal(XDecodeStatus.Frame, DecodeV2(BoltFrames.RequestV2(0xDEADBEEF, ver1: 2, switchByte: 1, codec: 11), out var request));
        var output = new ArrayBufferWriter<byte>();

        s_v2.EncodeHijack(output, 0xDEADBEEF, request.Headers, http);

        Assert.Equal(BoltFrames.ResponseV2(0xDEADBEEF, (ushort)expected, ver1: 2, switchByte: 1, codec: 11), output.WrittenSpan.ToArray());
        Assert.Equal(XDecodeStatus.Frame, DecodeV2(output.WrittenSpan.ToArray(), out _));
    }

    [Fact]
    public void EncodeHijack_FollowsTheRequestsVersion_OrTheCodecsOwnWithoutOne()
    {
        Assert.Equal(XDecodeStatus.Frame, Decode(BoltFrames.Request(5), out var v1Request));
        Assert.Equal(XDecodeStatus.Frame, Decode(BoltFrames.RequestV2(6), out var v2Request));
        var output = new ArrayBufferWriter<byte>();

        s_v2.EncodeHijack(output, 5, v1Request.Headers, 404);
        Assert.Equal(BoltFrames.Response(5, (ushort)BoltResponseStatus.NoProcessor), output.WrittenSpan.ToArray());

        output.Clear();
        s_codec.EncodeHijack(output, 6, v2Request.Headers, 404);
        Assert.Equal(BoltFrames.ResponseV2(6, (ushort)BoltResponseStatus.NoProcessor), output.WrittenSpan.ToArray());

        output.Clear();
        s_v2.EncodeHijack(output, 8, null, 504);
        Assert.Equal(BoltFrames.ResponseV2(8, (ushort)BoltResponseStatus.Timeout), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void EncodeHeartbeatV2_IsMosnsTrigger()
    {
        var output = new ArrayBufferWriter<byte>();

        s_v2.EncodeHeartbeat(output, 12);

        Assert.Equal(BoltFrames.RequestV2(12, timeout: -1, cmdCode: 0), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void HeartbeatV2WithCrc_RepliedInKind()
    {
        Assert.Equal(XDecodeStatus.Frame, DecodeV2(BoltFrames.RequestV2(99, timeout: 3000, cmdCode: 0, ver1: 2, switchByte: 1), out var frame));
        Assert.Equal(XFrameKind.Heartbeat, frame.Kind);
        var output = new ArrayBufferWriter<byte>();

        s_v2.EncodeHeartbeatReply(output, frame);

        Assert.Equal(BoltFrames.ResponseV2(99, 0, cmdCode: 0, ver1: 2, switchByte: 1), output.WrittenSpan.ToArray());
        Assert.Equal(XDecodeStatus.Frame, DecodeV2(output.WrittenSpan.ToArray(), out var ack));
        Assert.Equal(XFrameKind.HeartbeatAck, ack.Kind);
    }

    [Fact]
    public void DecodeV2_BadCrc_Malformed()
    {
        var bytes = BoltFrames.RequestV2(5, content: [1, 2, 3], ver1: 2, switchByte: 1);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (i is 1 or 11 or (>= 16 and < 24))
            {
                continue; // ver1, switch and the lengths change the frame's shape rather than its checksum
            }

            var bad = (byte[])bytes.Clone();
            bad[i] ^= 0x40;
            Assert.True(DecodeV2(bad, out _) == XDecodeStatus.Malformed, $"byte {i} flipped");
        }
    }

    [Fact]
    public void DecodeV2_BadMagicVersionTypeOrCommand_Malformed()
    {
        var bad = BoltFrames.RequestV2(1);
        bad[0] = 0x03;
        Assert.Equal(XDecodeStatus.Malformed, DecodeV2(bad, out _));
        Assert.Equal(XDecodeStatus.Malformed, DecodeV2([0x00], out _));

        foreach (byte ver1 in new byte[] { 0, 3, 0xFF })
        {
            bad = BoltFrames.RequestV2(1);
            bad[1] = ver1;
            Assert.Equal(XDecodeStatus.Malformed, DecodeV2(bad, out _));
            Assert.Equal(XDecodeStatus.Malformed, DecodeV2(bad[..2], out _)); // known from the second byte
        }

        bad = BoltFrames.RequestV2(1);
        bad[2] = 3;
        Assert.Equal(XDecodeStatus.Malformed, DecodeV2(bad, out _));
        Assert.Equal(XDecodeStatus.Malformed, DecodeV2(bad[..3], out _));

        Assert.Equal(XDecodeStatus.Malformed, DecodeV2(BoltFrames.RequestV2(1, cmdCode: 7), out _));
        Assert.Equal(XDecodeStatus.Malformed, DecodeV2(BoltFrames.RequestV2(1, cmdCode: 2), out _));
        Assert.Equal(XDecodeStatus.Malformed, DecodeV2(BoltFrames.ResponseV2(1, cmdCode: 1), out _));
    }

    [Fact]
    public void DecodeV2_DeclaredLengthPastTheLimit_MalformedFromTheFixedHeaderAlone()
    {
        var head = BoltFrames.RequestV2(1)[..24];
        BinaryPrimitives.WriteInt32BigEndian(head.AsSpan(20), 16 * 1024 * 1024);
        Assert.Equal(XDecodeStatus.Malformed, DecodeV2(head, out _));

        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(20), uint.MaxValue);
        Assert.Equal(XDecodeStatus.Malformed, DecodeV2(head, out _));

        var response = BoltFrames.ResponseV2(1)[..22];
        BinaryPrimitives.WriteUInt32BigEndian(response.AsSpan(18), uint.MaxValue);
        Assert.Equal(XDecodeStatus.Malformed, DecodeV2(response, out _));

        // The CRC counts: 24 + 72 + 4 = 100 fits a 100-byte limit, one more content byte does not.
        var small = new XProtocolOptions { MaxFrameSize = 100 };
        Assert.Equal(XDecodeStatus.Frame, DecodeV2(BoltFrames.RequestV2(1, content: new byte[72], ver1: 2, switchByte: 1), out _, small));
        Assert.Equal(XDecodeStatus.Malformed, DecodeV2(BoltFrames.RequestV2(1, content: new byte[73], ver1: 2, switchByte: 1)[..24], out _, small));
    }

    [Fact]
    public void DecodeV2_HeaderStringsPastTheBlockOrTooMany_Malformed()
    {
        byte[] block = [0, 0, 0, 9, (byte)'k', 0, 0, 0, 0];
        var bytes = BoltFrames.RequestV2(1, content: [1, 2, 3]);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(18), (ushort)block.Length);
        Assert.Equal(XDecodeStatus.Malformed, DecodeV2([.. bytes[..24], .. block, .. bytes[24..]], out _));

        var headers = Enumerable.Range(0, 5).Select(i => ($"k{i}", "v")).ToArray();
        Assert.Equal(XDecodeStatus.Malformed, DecodeV2(BoltFrames.RequestV2(1, headers: headers), out _, new XProtocolOptions { MaxHeaderCount = 4 }));
    }

    [Fact]
    public void Decode_V1AndV2FramesBackToBack_EitherCodecDecodesBothAndEncodesEachInItsVersion()
    {
        var v1 = BoltFrames.Request(1, content: [1]);
        var v2 = BoltFrames.RequestV2(2, content: [2], ver1: 2, switchByte: 1);
        foreach (var codec in new[] { s_codec, s_v2 })
        {
            var buffer = new ReadOnlySequence<byte>([.. v1, .. v2]);
            Assert.Equal(XDecodeStatus.Frame, codec.Decode(buffer, s_limits, out var first));
            Assert.Equal(XDecodeStatus.Frame, codec.Decode(buffer.Slice(first.Length), s_limits, out var second));
            Assert.Equal(v1.Length, first.Length);
            Assert.Equal(v2.Length, second.Length);
            Assert.Equal("1", first.Headers.Get(BoltHeaderNames.ProtocolCode));
            Assert.Equal("2", second.Headers.Get(BoltHeaderNames.ProtocolCode));

            var output = new ArrayBufferWriter<byte>();
            Assert.True(codec.EncodeRequest(output, 1, first.Headers, first.Body));
            Assert.True(codec.EncodeRequest(output, 2, second.Headers, second.Body));
            Assert.Equal([.. v1, .. v2], output.WrittenSpan.ToArray());
        }
    }

    [Fact]
    public void EncodeRequest_MapWithoutVersion_UsesTheCodecsOwn()
    {
        var headers = new HeaderMap();
        headers.Set("service", "S");
        var v1 = new ArrayBufferWriter<byte>();
        var v2 = new ArrayBufferWriter<byte>();

        Assert.True(s_codec.EncodeRequest(v1, 5, headers, ReadOnlySequence<byte>.Empty));
        Assert.True(s_v2.EncodeRequest(v2, 5, headers, ReadOnlySequence<byte>.Empty));

        Assert.Equal(BoltFrames.Request(5, 0, "", [("service", "S")]), v1.WrittenSpan.ToArray());
        Assert.Equal(BoltFrames.RequestV2(5, 0, "", [("service", "S")]), v2.WrittenSpan.ToArray());
    }

    [Fact]
    public void MatchV2_FirstByte()
    {
        Assert.Equal(MatchResult.Again, s_v2.Match(ReadOnlySequence<byte>.Empty));
        Assert.Equal(MatchResult.Success, s_v2.Match(new ReadOnlySequence<byte>([0x02])));
        Assert.Equal(MatchResult.Failed, s_v2.Match(new ReadOnlySequence<byte>([0x01])));
        Assert.Equal(MatchResult.Failed, s_codec.Match(new ReadOnlySequence<byte>([0x02])));
        Assert.Equal(BoltV2Protocol.Name, s_v2.Name);
        Assert.Equal(BoltV2Protocol.Name, BoltV2Protocol.Create().Name);
    }
}
