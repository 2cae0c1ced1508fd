using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Mosn.Abstractions.Protocol;
using Mosn.Protocols.XProtocol;
using Mosn.Streams;

namespace Mosn.Protocols.Bolt;

/// <summary>
/// The Bolt wire formats of SOFABolt: v1 (RpcProtocol, code 0x01: 22-byte request and 20-byte response headers) and v2
/// (RpcProtocolV2, code 0x02: the same fields plus <c>ver1</c> and <c>switch</c>, 24 and 22 bytes, and an optional
/// trailing CRC32), big-endian, then the class name, the header block and the content. Stateless and thread-safe: use
/// <see cref="Instance"/> (<c>bolt</c>) or <see cref="V2"/> (<c>boltv2</c>).
/// </summary>
/// <remarks>
/// <para>Both instances decode and encode both versions, frame by frame (the first byte decides), as MOSN's bolt and boltv2
/// codecs do and as a SOFABolt server does: one connection may carry v1 and v2 frames. They differ in their name, in the
/// first byte they claim for protocol detection (<see cref="Match"/>), and in the version they write when a header map
/// does not say (<see cref="BoltHeaderNames.ProtocolCode"/> absent: error responses to unknown requests, keepalive
/// heartbeats).</para>
/// <para>Header block: key/value strings, each a 4-byte big-endian length then UTF-8 bytes; a length of −1 is a null
/// string (decoded as empty). Decoded frames expose their fields under <see cref="BoltHeaderNames"/> and the block's
/// pairs under their own keys; the content is passed through untouched as the body.</para>
/// <para>Limits, checked on the fixed header before the rest is awaited: the protocol code, the v2 <c>ver1</c> (1 or 2),
/// the type, the command code, and the declared total length against <see cref="XProtocolOptions.MaxFrameSize"/>. A
/// header block whose strings run past it, more than <see cref="XProtocolOptions.MaxHeaderCount"/> pairs, or a CRC32
/// that does not match the frame, is malformed.</para>
/// </remarks>
public sealed class BoltCodec : IXProtocolCodec
{
    /// <summary>The protocol code (first byte) of Bolt v1.</summary>
    public const byte ProtocolCode = 0x01;

    /// <summary>The protocol code (first byte) of Bolt v2.</summary>
    public const byte ProtocolCodeV2 = 0x02;

    /// <summary>Size of a Bolt v1 request's fixed header (v2: 24).</summary>
    public const int RequestHeaderLength = 22;

    /// <summary>Size of a Bolt v1 response's fixed header (v2: 22).</summary>
    public const int ResponseHeaderLength = 20;

    /// <summary>The serializer byte of Hessian2, SOFARPC's default.</summary>
    public const byte Hessian2 = 1;

    private const int MaxHeaderLength = 24;

    private static readonly string[] s_numbers = [.. Enumerable.Range(0, 128).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    private readonly BoltFraming _own;

    private BoltCodec(string name, BoltFraming own)
    {
        Name = name;
        _own = own;
    }

    /// <summary>The <c>bolt</c> codec: claims first byte 0x01, writes v1 when a map does not name a version.</summary>
    public static BoltCodec Instance { get; } = new(BoltProtocol.Name, BoltFraming.V1);

    /// <summary>The <c>boltv2</c> codec: claims first byte 0x02, writes v2 (<c>ver1</c> 1, no CRC) when a map does not name a version.</summary>
    public static BoltCodec V2 { get; } = new(BoltV2Protocol.Name, BoltFraming.V2);

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    /// <remarks>Request ids are 32-bit (allocated with wrap-around, as MOSN truncates them).</remarks>
    public ulong MaxRequestId => uint.MaxValue;

    /// <inheritdoc />
    /// <remarks>Success when the first byte is this codec's protocol code (0x01 or 0x02); Again with no bytes.</remarks>
    public MatchResult Match(in ReadOnlySequence<byte> firstBytes) =>
        firstBytes.IsEmpty ? MatchResult.Again : firstBytes.FirstSpan[0] == _own.ProtocolCode ? MatchResult.Success : MatchResult.Failed;

    // ------------------------------------------------------------ decoding

    /// <inheritdoc />
    public XDecodeStatus Decode(in ReadOnlySequence<byte> buffer, XProtocolOptions limits, out XFrame frame) =>
        Decode(buffer, limits, strings: null, out frame);

    /// <inheritdoc />
    /// <remarks>
    /// Strings are reused by position: the class name at slot 0, the n-th header's key and value at 1 + 2n and 2 + 2n.
    /// Only ASCII strings are (the cache compares and decodes Latin-1, which is UTF-8 for ASCII); others are decoded anew.
    /// </remarks>
    public XDecodeStatus Decode(in ReadOnlySequence<byte> buffer, XProtocolOptions limits, HeaderValueCache? strings, out XFrame frame)
    {
        frame = default;
        var available = buffer.Length;
        if (available == 0)
        {
            return XDecodeStatus.NeedMoreData;
        }

        Span<byte> head = stackalloc byte[MaxHeaderLength];
        var copied = (int)Math.Min(available, MaxHeaderLength);
        buffer.Slice(0, copied).CopyTo(head);
        var framing = BoltFraming.For(head[0]);
        if (framing is null)
        {
            return XDecodeStatus.Malformed;
        }

        byte protocolVersion = 1, switchByte = 0;
        if (framing.HasVersionAndSwitch && copied > 1)
        {
            protocolVersion = head[1];
            if (protocolVersion is not (1 or BoltFraming.CrcProtocolVersion))
            {
                return XDecodeStatus.Malformed;
            }
        }

        if (copied <= framing.TypeOffset)
        {
            return XDecodeStatus.NeedMoreData;
        }

        var type = head[framing.TypeOffset];
        if (type > (byte)BoltCommandType.OneWayRequest)
        {
            return XDecodeStatus.Malformed;
        }

        var isResponse = type == (byte)BoltCommandType.Response;
        var headerLength = isResponse ? framing.ResponseHeaderLength : framing.RequestHeaderLength;
        if (copied < headerLength)
        {
            return XDecodeStatus.NeedMoreData;
        }

        var shift = framing.Shift;
        var commandCode = BinaryPrimitives.ReadUInt16BigEndian(head[(2 + shift)..]);
        var version = head[4 + shift];
        var requestId = BinaryPrimitives.ReadUInt32BigEndian(head[framing.RequestIdOffset..]);
        var serializer = head[9 + shift];
        if (framing.HasVersionAndSwitch)
        {
            switchByte = head[11];
        }

        // After the codec (and switch): the response's status or the request's timeout, then the three lengths.
        var tail = head[framing.Tail..];
        int status = 0, timeout = 0;
        if (isResponse)
        {
            status = BinaryPrimitives.ReadUInt16BigEndian(tail);
            tail = tail[2..];
        }
        else
        {
            timeout = BinaryPrimitives.ReadInt32BigEndian(tail);
            tail = tail[4..];
        }

        int classLength = BinaryPrimitives.ReadUInt16BigEndian(tail);
        int headerBlockLength = BinaryPrimitives.ReadUInt16BigEndian(tail[2..]);
        var contentLength = BinaryPrimitives.ReadUInt32BigEndian(tail[4..]);
        if (!TryGetKind((BoltCommandCode)commandCode, type, out var kind))
        {
            return XDecodeStatus.Malformed;
        }

        var crcLength = BoltFraming.HasCrc(protocolVersion, switchByte) ? BoltFraming.CrcLength : 0;
        var total = (long)headerLength + classLength + headerBlockLength + contentLength + crcLength;
        if (total > limits.MaxFrameSize)
        {
            return XDecodeStatus.Malformed;
        }

        if (available < total)
        {
            return XDecodeStatus.NeedMoreData;
        }

        if (crcLength > 0 && !CrcMatches(buffer.Slice(0, total)))
        {
            return XDecodeStatus.Malformed;
        }

        var headers = HeaderMapPool.Rent(framing.HasVersionAndSwitch ? 12 : 10); // returned by the proxy when the stream ends
        headers.Add(BoltHeaderNames.ProtocolCode, Number(framing.ProtocolCode));
        if (framing.HasVersionAndSwitch)
        {
            headers.Add(BoltHeaderNames.ProtocolVersion, Number(protocolVersion));
            headers.Add(BoltHeaderNames.Switch, Number(switchByte));
        }

        headers.Add(BoltHeaderNames.CommandType, Number(type));
        headers.Add(BoltHeaderNames.CommandCode, Number(commandCode));
        headers.Add(BoltHeaderNames.Version, Number(version));
        headers.Add(BoltHeaderNames.Codec, Number(serializer));
        if (isResponse)
        {
            headers.Add(BoltHeaderNames.Status, Number(status));
            headers.Add(PseudoHeaders.Status, Number(BoltStatusMapping.ToHttp((BoltResponseStatus)status)));
        }
        else
        {
            headers.Add(BoltHeaderNames.Timeout, Number(timeout));
        }

        var rest = buffer.Slice(headerLength, total - headerLength - crcLength);
        if (classLength > 0)
        {
            headers.Add(BoltHeaderNames.ClassName, ReadString(rest.Slice(0, classLength), strings, slot: 0));
        }

        if (headerBlockLength > 0 && !ReadHeaderBlock(rest.Slice(classLength, headerBlockLength), headers, limits.MaxHeaderCount, strings))
        {
            return XDecodeStatus.Malformed;
        }

        var body = rest.Slice(classLength + headerBlockLength);
        frame = new XFrame(kind, requestId, total, headers, body, Math.Max(0, timeout));
        return XDecodeStatus.Frame;
    }

    private static bool TryGetKind(BoltCommandCode commandCode, byte type, out XFrameKind kind)
    {
        var isResponse = type == (byte)BoltCommandType.Response;
        switch (commandCode)
        {
            case BoltCommandCode.Heartbeat:
                kind = isResponse ? XFrameKind.HeartbeatAck : XFrameKind.Heartbeat;
                return true;
            case BoltCommandCode.RpcRequest when !isResponse:
                kind = type == (byte)BoltCommandType.OneWayRequest ? XFrameKind.OneWayRequest : XFrameKind.Request;
                return true;
            case BoltCommandCode.RpcResponse when isResponse:
                kind = XFrameKind.Response;
                return true;
            case BoltCommandCode.GoAway when !isResponse:
                kind = XFrameKind.GoAway;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    /// <summary>True when the last four bytes of <paramref name="frame"/> are the CRC32 of the bytes before them.</summary>
    private static bool CrcMatches(in ReadOnlySequence<byte> frame)
    {
        var covered = frame.Length - BoltFraming.CrcLength;
        Span<byte> stated = stackalloc byte[BoltFraming.CrcLength];
        frame.Slice(covered).CopyTo(stated);
        return BoltCrc32.Compute(frame.Slice(0, covered)) == BinaryPrimitives.ReadUInt32BigEndian(stated);
    }

    private static bool ReadHeaderBlock(in ReadOnlySequence<byte> block, HeaderMap headers, int maxCount, HeaderValueCache? strings)
    {
        var reader = new SequenceReader<byte>(block);
        var count = 0;
        while (!reader.End)
        {
            if (++count > maxCount
                || !TryReadString(ref reader, strings, (2 * count) - 1, out var key)
                || !TryReadString(ref reader, strings, 2 * count, out var value))
            {
                return false;
            }

            headers.Add(key, value);
        }

        return true;
    }

    private static bool TryReadString(ref SequenceReader<byte> reader, HeaderValueCache? strings, int slot, out string value)
    {
        value = "";
        if (!reader.TryReadBigEndian(out int length))
        {
            return false;
        }

        if (length == -1 || length == 0)
        {
            return true; // −1 is Java's null string
        }

        if (length < 0 || length > reader.Remaining)
        {
            return false;
        }

        value = ReadString(reader.UnreadSequence.Slice(0, length), strings, slot);
        reader.Advance(length);
        return true;
    }

    private static string ReadString(in ReadOnlySequence<byte> bytes, HeaderValueCache? strings, int slot) =>
        strings is not null && bytes.IsSingleSegment && Ascii.IsValid(bytes.FirstSpan) ? strings.Get(slot, bytes.FirstSpan) : ReadString(bytes);

    private static string ReadString(in ReadOnlySequence<byte> bytes) =>
        bytes.IsSingleSegment ? Encoding.UTF8.GetString(bytes.FirstSpan) : Encoding.UTF8.GetString(bytes.ToArray());

    private static string Number(int value) => (uint)value < (uint)s_numbers.Length ? s_numbers[value] : value.ToString(CultureInfo.InvariantCulture);

    // ------------------------------------------------------------ encoding

    /// <inheritdoc />
    public bool IsOneWay(IHeaderMap headers) => headers.Get(BoltHeaderNames.CommandType) == "2";

    /// <inheritdoc />
    public bool IsProtocolResponse(IHeaderMap headers) => headers.TryGet(BoltHeaderNames.Status, out _);

    /// <inheritdoc />
    /// <remarks>
    /// The version from <see cref="BoltHeaderNames.ProtocolCode"/> (default: the codec's own); fields from
    /// <see cref="BoltHeaderNames"/> (type 1 or 2, default 1; cmdcode default 1; version 1; codec 1; timeout 0; v2: ver1 1,
    /// switch 0, CRC32 recomputed when they ask for one); every header not starting with <c>:</c> goes into the header
    /// block. False when the class name or header block passes 65535 bytes.
    /// </remarks>
    public bool EncodeRequest(IBufferWriter<byte> output, ulong requestId, IHeaderMap headers, in ReadOnlySequence<byte> body)
    {
        var type = Field(headers, BoltHeaderNames.CommandType, (int)BoltCommandType.Request);
        if (type is not ((int)BoltCommandType.Request or (int)BoltCommandType.OneWayRequest))
        {
            type = (int)BoltCommandType.Request;
        }

        var className = headers.Get(BoltHeaderNames.ClassName) ?? "";
        var classLength = Encoding.UTF8.GetByteCount(className);
        var blockLength = HeaderBlockLength(headers);
        if (classLength > ushort.MaxValue || blockLength > ushort.MaxValue || body.Length > int.MaxValue)
        {
            return false;
        }

        var framing = FramingOf(headers);
        var (protocolVersion, switchByte) = VersionAndSwitch(framing, headers);
        var writer = new BoltFrameWriter(output, BoltFraming.HasCrc(protocolVersion, switchByte));
        var head = writer.GetSpan(framing.RequestHeaderLength);
        WriteCommon(head, framing, (byte)type, (ushort)Field(headers, BoltHeaderNames.CommandCode, (int)BoltCommandCode.RpcRequest),
            (byte)Field(headers, BoltHeaderNames.Version, 1), requestId, (byte)Field(headers, BoltHeaderNames.Codec, Hessian2), protocolVersion, switchByte);
        var tail = head[framing.Tail..];
        BinaryPrimitives.WriteInt32BigEndian(tail, Field(headers, BoltHeaderNames.Timeout, 0));
        WriteLengths(tail[4..], classLength, blockLength, body.Length);
        writer.Advance(framing.RequestHeaderLength);
        WritePayload(ref writer, className, classLength, headers, body);
        writer.Finish();
        return true;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The version from <see cref="BoltHeaderNames.ProtocolCode"/> (default: the codec's own); fields from
    /// <see cref="BoltHeaderNames"/> (cmdcode default 2, version 1, codec 1, status 0; v2: ver1 1, switch 0, CRC32
    /// recomputed when they ask for one); every header not starting with <c>:</c> goes into the header block. False when
    /// the class name or header block passes 65535 bytes.
    /// </remarks>
    public bool EncodeResponse(IBufferWriter<byte> output, ulong requestId, IHeaderMap headers, in ReadOnlySequence<byte> body)
    {
        var className = headers.Get(BoltHeaderNames.ClassName) ?? "";
        var classLength = Encoding.UTF8.GetByteCount(className);
        var blockLength = HeaderBlockLength(headers);
        if (classLength > ushort.MaxValue || blockLength > ushort.MaxValue || body.Length > int.MaxValue)
        {
            return false;
        }

        var framing = FramingOf(headers);
        var (protocolVersion, switchByte) = VersionAndSwitch(framing, headers);
        var writer = new BoltFrameWriter(output, BoltFraming.HasCrc(protocolVersion, switchByte));
        var head = writer.GetSpan(framing.ResponseHeaderLength);
        WriteResponseHead(head, framing, requestId, (ushort)Field(headers, BoltHeaderNames.CommandCode, (int)BoltCommandCode.RpcResponse),
            (byte)Field(headers, BoltHeaderNames.Version, 1), (byte)Field(headers, BoltHeaderNames.Codec, Hessian2),
            (ushort)Field(headers, BoltHeaderNames.Status, 0), protocolVersion, switchByte);
        WriteLengths(head[(framing.Tail + 2)..], classLength, blockLength, body.Length);
        writer.Advance(framing.ResponseHeaderLength);
        WritePayload(ref writer, className, classLength, headers, body);
        writer.Finish();
        return true;
    }

    /// <inheritdoc />
    /// <remarks>
    /// An RPC response (cmdcode 2) with the status of <see cref="BoltStatusMapping.FromHttp"/>, the request's version,
    /// serializer (and for v2 its ver1 and switch, with the CRC32 when they ask for one), and no class, headers or content
    /// (SOFA clients read an empty error response as a server exception of that status).
    /// </remarks>
    public void EncodeHijack(IBufferWriter<byte> output, ulong requestId, IHeaderMap? requestHeaders, int httpStatus) =>
        WriteEmptyResponse(output, requestHeaders, requestId, BoltCommandCode.RpcResponse, BoltStatusMapping.FromHttp(httpStatus));

    /// <inheritdoc />
    /// <remarks>
    /// A request in the codec's own version with cmdcode 0, version 1, Hessian2, timeout −1 and nothing after the header
    /// (MOSN's <c>Trigger</c>; v2 with ver1 1 and no CRC, as MOSN's boltv2 sends it).
    /// </remarks>
    public void EncodeHeartbeat(IBufferWriter<byte> output, ulong requestId)
    {
        var framing = _own;
        var head = output.GetSpan(framing.RequestHeaderLength);
        WriteCommon(head, framing, (byte)BoltCommandType.Request, (ushort)BoltCommandCode.Heartbeat, 1, requestId, Hessian2, 1, 0);
        BinaryPrimitives.WriteInt32BigEndian(head[framing.Tail..], -1);
        head[(framing.Tail + 4)..framing.RequestHeaderLength].Clear();
        output.Advance(framing.RequestHeaderLength);
    }

    /// <inheritdoc />
    /// <remarks>A response with cmdcode 0, status Success, the heartbeat's id, version, serializer (v2: ver1, switch, CRC32), and nothing after the header.</remarks>
    public void EncodeHeartbeatReply(IBufferWriter<byte> output, in XFrame heartbeat) =>
        WriteEmptyResponse(output, heartbeat.Headers, heartbeat.RequestId, BoltCommandCode.Heartbeat, BoltResponseStatus.Success);

    private void WriteEmptyResponse(IBufferWriter<byte> output, IHeaderMap? request, ulong requestId, BoltCommandCode commandCode, BoltResponseStatus status)
    {
        var framing = request is null ? _own : FramingOf(request);
        var (protocolVersion, switchByte) = request is null ? ((byte)1, (byte)0) : VersionAndSwitch(framing, request);
        var serializer = request is null ? Hessian2 : (byte)Field(request, BoltHeaderNames.Codec, Hessian2);
        var writer = new BoltFrameWriter(output, BoltFraming.HasCrc(protocolVersion, switchByte));
        var head = writer.GetSpan(framing.ResponseHeaderLength);
        WriteResponseHead(head, framing, requestId, (ushort)commandCode, 1, serializer, (ushort)status, protocolVersion, switchByte);
        head[(framing.Tail + 2)..framing.ResponseHeaderLength].Clear();
        writer.Advance(framing.ResponseHeaderLength);
        writer.Finish();
    }

    private BoltFraming FramingOf(IHeaderMap headers) =>
        headers.TryGet(BoltHeaderNames.ProtocolCode, out var code) && code.Length == 1 && BoltFraming.For((byte)(code[0] - '0')) is { } framing
            ? framing
            : _own;

    private static (byte ProtocolVersion, byte Switch) VersionAndSwitch(BoltFraming framing, IHeaderMap headers)
    {
        if (!framing.HasVersionAndSwitch)
        {
            return (1, 0);
        }

        var protocolVersion = Field(headers, BoltHeaderNames.ProtocolVersion, 1) == BoltFraming.CrcProtocolVersion ? BoltFraming.CrcProtocolVersion : (byte)1;
        return (protocolVersion, (byte)Field(headers, BoltHeaderNames.Switch, 0));
    }

    /// <summary>Writes the fields every frame has, from the protocol code to the codec (and v2's switch).</summary>
    private static void WriteCommon(Span<byte> head, BoltFraming framing, byte type, ushort commandCode, byte version, ulong requestId, byte serializer,
        byte protocolVersion, byte switchByte)
    {
        var shift = framing.Shift;
        head[0] = framing.ProtocolCode;
        if (framing.HasVersionAndSwitch)
        {
            head[1] = protocolVersion;
            head[11] = switchByte;
        }

        head[1 + shift] = type;
        BinaryPrimitives.WriteUInt16BigEndian(head[(2 + shift)..], commandCode);
        head[4 + shift] = version;
        BinaryPrimitives.WriteUInt32BigEndian(head[framing.RequestIdOffset..], (uint)requestId);
        head[9 + shift] = serializer;
    }

    private static void WriteResponseHead(Span<byte> head, BoltFraming framing, ulong requestId, ushort commandCode, byte version, byte serializer,
        ushort status, byte protocolVersion, byte switchByte)
    {
        WriteCommon(head, framing, (byte)BoltCommandType.Response, commandCode, version, requestId, serializer, protocolVersion, switchByte);
        BinaryPrimitives.WriteUInt16BigEndian(head[framing.Tail..], status);
    }

    private static void WriteLengths(Span<byte> at, int classLength, int blockLength, long contentLength)
    {
        BinaryPrimitives.WriteUInt16BigEndian(at, (ushort)classLength);
        BinaryPrimitives.WriteUInt16BigEndian(at[2..], (ushort)blockLength);
        BinaryPrimitives.WriteUInt32BigEndian(at[4..], (uint)contentLength);
    }

    private static void WritePayload(ref BoltFrameWriter writer, string className, int classLength, IHeaderMap headers, in ReadOnlySequence<byte> body)
    {
        if (classLength > 0)
        {
            var written = Encoding.UTF8.GetBytes(className, writer.GetSpan(classLength));
            writer.Advance(written);
        }

        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];
            if (IsField(name))
            {
                continue;
            }

            WriteString(ref writer, name);
            WriteString(ref writer, value);
        }

        foreach (var segment in body)
        {
            writer.Write(segment.Span);
        }
    }

    private static void WriteString(ref BoltFrameWriter writer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var span = writer.GetSpan(4 + length);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        Encoding.UTF8.GetBytes(value, span[4..]);
        writer.Advance(4 + length);
    }

    private static int HeaderBlockLength(IHeaderMap headers)
    {
        long length = 0;
        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];
            if (!IsField(name))
            {
                length += 8 + Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value);
            }
        }

        return (int)Math.Min(length, int.MaxValue);
    }

    private static bool IsField(string name) => name.Length > 0 && name[0] == ':';

    private static int Field(IHeaderMap headers, string name, int defaultValue) =>
        headers.TryGet(name, out var text) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : defaultValue;
}
