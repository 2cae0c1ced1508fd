using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Mosn.Abstractions.Protocol;
using Mosn.Protocols.XProtocol;
using Mosn.Streams;

namespace Mosn.Protocols.Bolt;

/// <summary>
/// The Bolt v1 wire format (SOFABolt's RpcProtocol, code 0x01): a 22-byte request or 20-byte response header, big-endian,
/// then the class name, the header block and the content. Stateless and thread-safe; use <see cref="Instance"/>.
/// </summary>
/// <remarks>
/// <para>Header block: key/value strings, each a 4-byte big-endian length then UTF-8 bytes; a length of −1 is a null
/// string (decoded as empty). Decoded frames expose their fields under <see cref="BoltHeaderNames"/> and the block's
/// pairs under their own keys; the content is passed through untouched as the body.</para>
/// <para>Limits, checked on the fixed header before the rest is awaited: the magic byte, the type, the command code,
/// and the declared total length against <see cref="XProtocolOptions.MaxFrameSize"/>. A header block whose strings run
/// past it, or with more than <see cref="XProtocolOptions.MaxHeaderCount"/> pairs, is malformed.</para>
/// </remarks>
public sealed class BoltCodec : IXProtocolCodec
{
    /// <summary>The protocol code (first byte) of Bolt v1.</summary>
    public const byte ProtocolCode = 0x01;

    /// <summary>Size of a request's fixed header.</summary>
    public const int RequestHeaderLength = 22;

    /// <summary>Size of a response's fixed header.</summary>
    public const int ResponseHeaderLength = 20;

    /// <summary>The serializer byte of Hessian2, SOFARPC's default.</summary>
    public const byte Hessian2 = 1;

    private static readonly string[] s_numbers = [.. Enumerable.Range(0, 128).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    private BoltCodec()
    {
    }

    /// <summary>The codec.</summary>
    public static BoltCodec Instance { get; } = new();

    /// <inheritdoc />
    public string Name => BoltProtocol.Name;

    /// <inheritdoc />
    /// <remarks>Request ids are 32-bit (allocated with wrap-around, as MOSN truncates them).</remarks>
    public ulong MaxRequestId => uint.MaxValue;

    /// <inheritdoc />
    /// <remarks>Success when the first byte is 0x01; Again with no bytes.</remarks>
    public MatchResult Match(in ReadOnlySequence<byte> firstBytes) =>
        firstBytes.IsEmpty ? MatchResult.Again : firstBytes.FirstSpan[0] == ProtocolCode ? MatchResult.Success : MatchResult.Failed;

    // ------------------------------------------------------------ decoding

    /// <inheritdoc />
    public XDecodeStatus Decode(in ReadOnlySequence<byte> buffer, XProtocolOptions limits, out XFrame frame)
    {
        frame = default;
        var available = buffer.Length;
        if (available == 0)
        {
            return XDecodeStatus.NeedMoreData;
        }

        Span<byte> head = stackalloc byte[RequestHeaderLength];
        var copied = (int)Math.Min(available, RequestHeaderLength);
        buffer.Slice(0, copied).CopyTo(head);
        if (head[0] != ProtocolCode)
        {
            return XDecodeStatus.Malformed;
        }

        if (copied < 2)
        {
            return XDecodeStatus.NeedMoreData;
        }

        var type = head[1];
        if (type > (byte)BoltCommandType.OneWayRequest)
        {
            return XDecodeStatus.Malformed;
        }

        var isResponse = type == (byte)BoltCommandType.Response;
        var headerLength = isResponse ? ResponseHeaderLength : RequestHeaderLength;
        if (copied < headerLength)
        {
            return XDecodeStatus.NeedMoreData;
        }

        var commandCode = BinaryPrimitives.ReadUInt16BigEndian(head[2..]);
        var version = head[4];
        var requestId = BinaryPrimitives.ReadUInt32BigEndian(head[5..]);
        var serializer = head[9];
        int status = 0, timeout = 0;
        int classLength, headerBlockLength;
        uint contentLength;
        if (isResponse)
        {
            status = BinaryPrimitives.ReadUInt16BigEndian(head[10..]);
            classLength = BinaryPrimitives.ReadUInt16BigEndian(head[12..]);
            headerBlockLength = BinaryPrimitives.ReadUInt16BigEndian(head[14..]);
            contentLength = BinaryPrimitives.ReadUInt32BigEndian(head[16..]);
        }
        else
        {
            timeout = BinaryPrimitives.ReadInt32BigEndian(head[10..]);
            classLength = BinaryPrimitives.ReadUInt16BigEndian(head[14..]);
            headerBlockLength = BinaryPrimitives.ReadUInt16BigEndian(head[16..]);
            contentLength = BinaryPrimitives.ReadUInt32BigEndian(head[18..]);
        }

        XFrameKind kind;
        switch ((BoltCommandCode)commandCode)
        {
            case BoltCommandCode.Heartbeat:
                kind = isResponse ? XFrameKind.HeartbeatAck : XFrameKind.Heartbeat;
                break;
            case BoltCommandCode.RpcRequest when !isResponse:
                kind = type == (byte)BoltCommandType.OneWayRequest ? XFrameKind.OneWayRequest : XFrameKind.Request;
                break;
            case BoltCommandCode.RpcResponse when isResponse:
                kind = XFrameKind.Response;
                break;
            case BoltCommandCode.GoAway when !isResponse:
                kind = XFrameKind.GoAway;
                break;
            default:
                return XDecodeStatus.Malformed;
        }

        var total = (long)headerLength + classLength + headerBlockLength + contentLength;
        if (total > limits.MaxFrameSize)
        {
            return XDecodeStatus.Malformed;
        }

        if (available < total)
        {
            return XDecodeStatus.NeedMoreData;
        }

        var headers = new HeaderMap(8);
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

        var rest = buffer.Slice(headerLength, total - headerLength);
        if (classLength > 0)
        {
            headers.Add(BoltHeaderNames.ClassName, ReadString(rest.Slice(0, classLength)));
        }

        if (headerBlockLength > 0 && !ReadHeaderBlock(rest.Slice(classLength, headerBlockLength), headers, limits.MaxHeaderCount))
        {
            return XDecodeStatus.Malformed;
        }

        var body = rest.Slice(classLength + headerBlockLength);
        frame = new XFrame(kind, requestId, total, headers, body, Math.Max(0, timeout));
        return XDecodeStatus.Frame;
    }

    private static bool ReadHeaderBlock(in ReadOnlySequence<byte> block, HeaderMap headers, int maxCount)
    {
        var reader = new SequenceReader<byte>(block);
        var count = 0;
        while (!reader.End)
        {
            if (++count > maxCount || !TryReadString(ref reader, out var key) || !TryReadString(ref reader, out var value))
            {
                return false;
            }

            headers.Add(key, value);
        }

        return true;
    }

    private static bool TryReadString(ref SequenceReader<byte> reader, out string value)
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

        value = ReadString(reader.UnreadSequence.Slice(0, length));
        reader.Advance(length);
        return true;
    }

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
    /// Fields from <see cref="BoltHeaderNames"/> (type 1 or 2, default 1; cmdcode default 1; version 1; codec 1; timeout 0);
    /// every header not starting with <c>:</c> goes into the header block. False when the class name or header block
    /// passes 65535 bytes.
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

        var head = output.GetSpan(RequestHeaderLength);
        head[0] = ProtocolCode;
        head[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(head[2..], (ushort)Field(headers, BoltHeaderNames.CommandCode, (int)BoltCommandCode.RpcRequest));
        head[4] = (byte)Field(headers, BoltHeaderNames.Version, 1);
        BinaryPrimitives.WriteUInt32BigEndian(head[5..], (uint)requestId);
        head[9] = (byte)Field(headers, BoltHeaderNames.Codec, Hessian2);
        BinaryPrimitives.WriteInt32BigEndian(head[10..], Field(headers, BoltHeaderNames.Timeout, 0));
        BinaryPrimitives.WriteUInt16BigEndian(head[14..], (ushort)classLength);
        BinaryPrimitives.WriteUInt16BigEndian(head[16..], (ushort)blockLength);
        BinaryPrimitives.WriteUInt32BigEndian(head[18..], (uint)body.Length);
        output.Advance(RequestHeaderLength);
        WritePayload(output, className, classLength, headers, body);
        return true;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Fields from <see cref="BoltHeaderNames"/> (cmdcode default 2, version 1, codec 1, status 0); every header not
    /// starting with <c>:</c> goes into the header block. False when the class name or header block passes 65535 bytes.
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

        var head = output.GetSpan(ResponseHeaderLength);
        WriteResponseHead(
            head,
            requestId,
            (ushort)Field(headers, BoltHeaderNames.CommandCode, (int)BoltCommandCode.RpcResponse),
            (byte)Field(headers, BoltHeaderNames.Version, 1),
            (byte)Field(headers, BoltHeaderNames.Codec, Hessian2),
            (ushort)Field(headers, BoltHeaderNames.Status, 0));
        BinaryPrimitives.WriteUInt16BigEndian(head[12..], (ushort)classLength);
        BinaryPrimitives.WriteUInt16BigEndian(head[14..], (ushort)blockLength);
        BinaryPrimitives.WriteUInt32BigEndian(head[16..], (uint)body.Length);
        output.Advance(ResponseHeaderLength);
        WritePayload(output, className, classLength, headers, body);
        return true;
    }

    /// <inheritdoc />
    /// <remarks>
    /// An RPC response (cmdcode 2) with the status of <see cref="BoltStatusMapping.FromHttp"/>, the request's serializer,
    /// and no class, headers or content (SOFA clients read an empty error response as a server exception of that status).
    /// </remarks>
    public void EncodeHijack(IBufferWriter<byte> output, ulong requestId, IHeaderMap? requestHeaders, int httpStatus)
    {
        var serializer = requestHeaders is null ? Hessian2 : (byte)Field(requestHeaders, BoltHeaderNames.Codec, Hessian2);
        var head = output.GetSpan(ResponseHeaderLength);
        WriteResponseHead(head, requestId, (ushort)BoltCommandCode.RpcResponse, 1, serializer, (ushort)BoltStatusMapping.FromHttp(httpStatus));
        head[12..ResponseHeaderLength].Clear();
        output.Advance(ResponseHeaderLength);
    }

    /// <inheritdoc />
    /// <remarks>A request with cmdcode 0, version 1, Hessian2, timeout −1 and nothing after the header (MOSN's <c>Trigger</c>).</remarks>
    public void EncodeHeartbeat(IBufferWriter<byte> output, ulong requestId)
    {
        var head = output.GetSpan(RequestHeaderLength);
        head[0] = ProtocolCode;
        head[1] = (byte)BoltCommandType.Request;
        BinaryPrimitives.WriteUInt16BigEndian(head[2..], (ushort)BoltCommandCode.Heartbeat);
        head[4] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(head[5..], (uint)requestId);
        head[9] = Hessian2;
        BinaryPrimitives.WriteInt32BigEndian(head[10..], -1);
        head[14..RequestHeaderLength].Clear();
        output.Advance(RequestHeaderLength);
    }

    /// <inheritdoc />
    /// <remarks>A response with cmdcode 0, status Success, the heartbeat's id and serializer, and nothing after the header.</remarks>
    public void EncodeHeartbeatReply(IBufferWriter<byte> output, in XFrame heartbeat)
    {
        var head = output.GetSpan(ResponseHeaderLength);
        var serializer = (byte)Field(heartbeat.Headers, BoltHeaderNames.Codec, Hessian2);
        WriteResponseHead(head, heartbeat.RequestId, (ushort)BoltCommandCode.Heartbeat, 1, serializer, (ushort)BoltResponseStatus.Success);
        head[12..ResponseHeaderLength].Clear();
        output.Advance(ResponseHeaderLength);
    }

    private static void WriteResponseHead(Span<byte> head, ulong requestId, ushort commandCode, byte version, byte serializer, ushort status)
    {
        head[0] = ProtocolCode;
        head[1] = (byte)BoltCommandType.Response;
        BinaryPrimitives.WriteUInt16BigEndian(head[2..], commandCode);
        head[4] = version;
        BinaryPrimitives.WriteUInt32BigEndian(head[5..], (uint)requestId);
        head[9] = serializer;
        BinaryPrimitives.WriteUInt16BigEndian(head[10..], status);
    }

    private static void WritePayload(IBufferWriter<byte> output, string className, int classLength, IHeaderMap headers, in ReadOnlySequence<byte> body)
    {
        if (classLength > 0)
        {
            var written = Encoding.UTF8.GetBytes(className, output.GetSpan(classLength));
            output.Advance(written);
        }

        foreach (var (name, value) in headers)
        {
            if (IsField(name))
            {
                continue;
            }

            WriteString(output, name);
            WriteString(output, value);
        }

        foreach (var segment in body)
        {
            output.Write(segment.Span);
        }
    }

    private static void WriteString(IBufferWriter<byte> output, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var span = output.GetSpan(4 + length);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        Encoding.UTF8.GetBytes(value, span[4..]);
        output.Advance(4 + length);
    }

    private static int HeaderBlockLength(IHeaderMap headers)
    {
        long length = 0;
        foreach (var (name, value) in headers)
        {
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
