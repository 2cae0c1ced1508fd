using Mosn.Abstractions.Protocol;
using Mosn.Protocols.XProtocol;
using Mosn.Streams;

namespace Mosn.Protocols.Dubbo.Tests;

public sealed class DubboCodecTests
{
    private static readonly DubboCodec s_codec = DubboCodec.Instance;

    private static XDecodeStatus Decode(byte[] bytes, out XFrame frame, XProtocolOptions? limits = null) =>
        s_codec.Decode(new ReadOnlySequence<byte>(bytes), limits ?? XProtocolOptions.Default, out frame);

    [Fact]
    public void Decode_HessianJsRequest_ServiceInfoAttachmentsAndTimeout()
    {
        var bytes = DubboFrames.Bytes(DubboFrames.HessianJsRequest);

        Assert.Equal(XDecodeStatus.Frame, Decode(bytes, out var frame));

        Assert.Equal(XFrameKind.Request, frame.Kind);
        Assert.Equal(7UL, frame.RequestId);
        Assert.Equal(bytes.Length, frame.Length);
        Assert.Equal("2.0.2", frame.Headers.Get("dubbo"));
        Assert.Equal("com.example.DemoService", frame.Headers.Get("service"));
        Assert.Equal("1.0.0", frame.Headers.Get("version"));
        Assert.Equal("sayHello", frame.Headers.Get("method"));
        Assert.Equal("blue", frame.Headers.Get("group"));
        Assert.Equal("com.example.DemoService", frame.Headers.Get("interface"));
        Assert.Equal("com.example.DemoService", frame.Headers.Get("path"));
        Assert.Equal("300", frame.Headers.Get("timeout"));
        Assert.Equal(300, frame.TimeoutMs);
        Assert.Equal("194", frame.Headers.Get(DubboHeaderNames.Flag));
        Assert.Equal(bytes[16..], frame.Body.ToArray()); // the body untouched
    }

    [Fact]
    public void Decode_EveryPrefix_NeedMoreData()
    {
        var bytes = DubboFrames.Bytes(DubboFrames.HessianJsRequest);
        for (var length = 1; length < bytes.Length; length++)
        {
            Assert.Equal(XDecodeStatus.NeedMoreData, Decode(bytes[..length], out _));
        }
    }

    [Fact]
    public void Decode_TwoFrames_DecodesTheFirstOnly()
    {
        byte[] bytes = [.. DubboFrames.Bytes(DubboFrames.HessianJsResponse), .. DubboFrames.Bytes(DubboFrames.HessianJsRequest)];

        Assert.Equal(XDecodeStatus.Frame, Decode(bytes, out var frame));

        Assert.Equal(XFrameKind.Response, frame.Kind);
        Assert.Equal(20, frame.Length);
    }

    [Fact]
    public void Decode_HessianJsResponse_StatusMappedToHttp()
    {
        Assert.Equal(XDecodeStatus.Frame, Decode(DubboFrames.Bytes(DubboFrames.HessianJsResponse), out var frame));

        Assert.Equal(XFrameKind.Response, frame.Kind);
        Assert.Equal(7UL, frame.RequestId);
        Assert.Equal("20", frame.Headers.Get(DubboHeaderNames.Status));
        Assert.Equal("200", frame.Headers.Get(PseudoHeaders.Status));
        Assert.Equal(new byte[] { 0x91, 0x02, 0x68, 0x69 }, frame.Body.ToArray());
        Assert.True(s_codec.IsProtocolResponse(frame.Headers));
    }

    [Theory]
    [InlineData(0xe2, XFrameKind.Heartbeat)] // two-way event request
    [InlineData(0x22, XFrameKind.HeartbeatAck)] // event response
    [InlineData(0xa2, XFrameKind.HeartbeatAck)] // one-way event, not read-only: nothing to do
    public void Decode_Events_Kinds(byte flag, XFrameKind kind)
    {
        Assert.Equal(XDecodeStatus.Frame, Decode(DubboFrames.Frame(flag, 20, 9, [(byte)'N']), out var frame));
        Assert.Equal(kind, frame.Kind);
    }

    [Fact]
    public void Decode_ReadOnlyEvent_GoAway()
    {
        Assert.Equal(XDecodeStatus.Frame, Decode(DubboFrames.Frame(0xa2, 0, 3, [0x01, (byte)'R']), out var frame));
        Assert.Equal(XFrameKind.GoAway, frame.Kind);
    }

    [Fact]
    public void Decode_OneWayRequest_OneWayKind()
    {
        var bytes = DubboFrames.Bytes(DubboFrames.HessianJsRequest);
        bytes[2] = 0x82;

        Assert.Equal(XDecodeStatus.Frame, Decode(bytes, out var frame));

        Assert.Equal(XFrameKind.OneWayRequest, frame.Kind);
        Assert.True(s_codec.IsOneWay(frame.Headers));
    }

    [Fact]
    public void Decode_OtherSerialization_ForwardedWithoutServiceInfo()
    {
        Assert.Equal(XDecodeStatus.Frame, Decode(DubboFrames.Frame(0xc6, 0, 1, [0xff, 0xfe]), out var frame)); // 6: fastjson
        Assert.Equal(XFrameKind.Request, frame.Kind);
        Assert.Null(frame.Headers.Get("service"));
    }

    [Theory]
    [InlineData(new byte[] { 0xdb })]
    [InlineData(new byte[] { 0xda, 0xbc })]
    [InlineData(new byte[] { 0xda, 0xbb, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff })] // negative length
    [InlineData(new byte[] { 0xda, 0xbb, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 0, 0, 0 })] // 2 GiB: past the limit
    [InlineData(new byte[] { 0xda, 0xbb, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0x05, 0x32 })] // body: a truncated string
    [InlineData(new byte[] { 0xda, 0xbb, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0x41 })] // body: not a string
    public void Decode_Malformed_RejectedBeforeWaitingForTheRest(byte[] bytes)
    {
        Assert.Equal(XDecodeStatus.Malformed, Decode(bytes, out _));
    }

    [Fact]
    public void Decode_FrameJustPastTheConfiguredLimit_Malformed()
    {
        var bytes = DubboFrames.Bytes(DubboFrames.HessianJsRequest);
        var limits = XProtocolOptions.Default with { MaxFrameSize = bytes.Length - 1 };

        Assert.Equal(XDecodeStatus.Malformed, Decode(bytes[..16], out _, limits));
    }

    [Fact]
    public void Decode_TooManyAttachments_Malformed()
    {
        var bytes = DubboFrames.Bytes(DubboFrames.HessianJsRequest);
        var limits = XProtocolOptions.Default with { MaxHeaderCount = 4 };

        Assert.Equal(XDecodeStatus.Malformed, Decode(bytes, out _, limits));
    }

    [Fact]
    public void EncodeRequest_DecodedFrame_SameBytesWithTheNewId()
    {
        var bytes = DubboFrames.Bytes(DubboFrames.HessianJsRequest);
        Decode(bytes, out var frame);
        var output = new ArrayBufferWriter<byte>();

        Assert.True(s_codec.EncodeRequest(output, 0x0102030405060708, frame.Headers, frame.Body));

        var expected = (byte[])bytes.Clone();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(expected.AsSpan(4), 0x0102030405060708);
        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void EncodeResponse_DecodedFrame_SameBytesWithTheNewId()
    {
        var bytes = DubboFrames.Bytes(DubboFrames.HessianJsResponse);
        Decode(bytes, out var frame);
        var output = new ArrayBufferWriter<byte>();

        Assert.True(s_codec.EncodeResponse(output, 99, frame.Headers, frame.Body));

        Assert.Equal(DubboFrames.Frame(0x02, 20, 99, [0x91, 0x02, 0x68, 0x69]), output.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData(404, 60, "404|no route")]
    [InlineData(502, 60, "502|upstream error")]
    [InlineData(504, 30, "504|timeout")]
    [InlineData(503, 40, "503|no healthy upstream")]
    [InlineData(500, 70, "500|proxy error")]
    public void EncodeHijack_DubboStatusAndHessianMessage(int httpStatus, byte dubboStatus, string message)
    {
        var output = new ArrayBufferWriter<byte>();

        s_codec.EncodeHijack(output, 12, requestHeaders: null, httpStatus);

        // A compact Hessian2 string: one length byte (< 32 chars), then the UTF-8 bytes.
        byte[] body = [(byte)message.Length, .. System.Text.Encoding.ASCII.GetBytes(message)];
        Assert.Equal(DubboFrames.Frame(0x02, dubboStatus, 12, body), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void EncodeHeartbeat_DubbosOwnHeartbeatRequest()
    {
        var output = new ArrayBufferWriter<byte>();

        s_codec.EncodeHeartbeat(output, 5);

        Assert.Equal(DubboFrames.Frame(0xe2, 0, 5, [(byte)'N']), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void EncodeHeartbeatReply_EventResponseOkNullNull()
    {
        Decode(DubboFrames.Frame(0xe2, 0, 0xfedcba9876543210, [(byte)'N']), out var heartbeat);
        var output = new ArrayBufferWriter<byte>();

        s_codec.EncodeHeartbeatReply(output, heartbeat);

        Assert.Equal(DubboFrames.Frame(0x22, 20, 0xfedcba9876543210, [(byte)'N', (byte)'N']), output.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData(new byte[0], MatchResult.Again)]
    [InlineData(new byte[] { 0xda }, MatchResult.Again)]
    [InlineData(new byte[] { 0xda, 0xbb }, MatchResult.Success)]
    [InlineData(new byte[] { 0xda, 0xbc }, MatchResult.Failed)]
    [InlineData(new byte[] { 0x01 }, MatchResult.Failed)]
    public void Match_OnTheMagic(byte[] bytes, MatchResult expected)
    {
        Assert.Equal(expected, s_codec.Match(new ReadOnlySequence<byte>(bytes)));
    }

    [Fact]
    public void Decode_SplitAcrossSegments_SameFrame()
    {
        var bytes = DubboFrames.Bytes(DubboFrames.HessianJsRequest);
        var sequence = Mosn.Testing.Segments.Create(bytes, 7);

        Assert.Equal(XDecodeStatus.Frame, s_codec.Decode(sequence, XProtocolOptions.Default, out var frame));

        Assert.Equal("sayHello", frame.Headers.Get("method"));
        Assert.Equal("blue", frame.Headers.Get("group"));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("Ljava/lang/String;", 1)]
    [InlineData("IJ[Ljava/lang/String;[[BZ", 5)]
    [InlineData("Ljava/lang/String", null)]
    [InlineData("Q", null)]
    [InlineData("[", null)]
    public void CountParameters_JvmDescriptors(string descriptor, int? expected)
    {
        Assert.Equal(expected, DubboCodec.CountParameters(descriptor));
    }
}
