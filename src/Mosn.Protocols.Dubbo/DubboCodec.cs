using System.Buffers.Binary;
using System.Globalization;
using Mosn.Abstractions.Protocol;
using Mosn.Protocols.Dubbo.Hessian;
using Mosn.Protocols.XProtocol;
using Mosn.Streams;

namespace Mosn.Protocols.Dubbo;

/// <summary>
/// The Dubbo v2 wire format: a 16-byte big-endian header (magic 0xDABB, flag, status, 8-byte request id, 4-byte body
/// length) and the serialized body. Stateless and thread-safe; use <see cref="Instance"/>.
/// </summary>
/// <remarks>
/// <para>Flag bits: 0x80 request, 0x40 two-way, 0x20 event, low 5 bits the serialization id (2 = Hessian2). Frame kinds:
/// a two-way event request is a heartbeat; a one-way event request whose body is the string "R" (Dubbo's read-only event,
/// sent when a server shuts down) is a GoAway; other one-way events and every event response are heartbeat answers
/// (nothing waits for them); other requests are requests (one-way without the two-way bit); other responses are
/// responses.</para>
/// <para>Service awareness: the body of a Hessian2 request is read for the framework version, service path, service
/// version and method name (headers <c>dubbo</c>, <c>service</c>, <c>version</c>, <c>method</c>); then the parameter
/// descriptor tells how many arguments to step over to reach the attachments map, whose string (and int) values become
/// headers under their own keys. A body whose first four strings cannot be read is malformed; attachments that cannot be
/// reached are left out. The <c>timeout</c> attachment becomes the frame's timeout. The body is forwarded untouched.</para>
/// <para>Limits, checked on the fixed header before the rest is awaited: the magic and the body length (negative, or past
/// <see cref="XProtocolOptions.MaxFrameSize"/> with the header, is malformed). Attachments past
/// <see cref="XProtocolOptions.MaxHeaderCount"/> make the frame malformed.</para>
/// </remarks>
public sealed class DubboCodec : IXProtocolCodec
{
    /// <summary>Size of the fixed header.</summary>
    public const int HeaderLength = 16;

    /// <summary>The first magic byte.</summary>
    public const byte MagicHigh = 0xda;

    /// <summary>The second magic byte.</summary>
    public const byte MagicLow = 0xbb;

    /// <summary>Flag bit: a request (else a response).</summary>
    public const byte FlagRequest = 0x80;

    /// <summary>Flag bit: a request that expects a response.</summary>
    public const byte FlagTwoWay = 0x40;

    /// <summary>Flag bit: an event (heartbeat, read-only notice).</summary>
    public const byte FlagEvent = 0x20;

    /// <summary>Mask of the serialization id in the flag.</summary>
    public const byte SerializationMask = 0x1f;

    /// <summary>The serialization id of Hessian2, Dubbo's default (the only one read for service awareness).</summary>
    public const byte Hessian2 = 2;

    private DubboCodec()
    {
    }

    /// <summary>The codec.</summary>
    public static DubboCodec Instance { get; } = new();

    /// <inheritdoc />
    public string Name => DubboProtocol.Name;

    /// <inheritdoc />
    /// <remarks>Request ids are 64-bit.</remarks>
    public ulong MaxRequestId => ulong.MaxValue;

    /// <inheritdoc />
    /// <remarks>Success when the first two bytes are 0xDA 0xBB; Again while fewer are buffered and they still agree.</remarks>
    public MatchResult Match(in ReadOnlySequence<byte> firstBytes)
    {
        if (firstBytes.IsEmpty)
        {
            return MatchResult.Again;
        }

        Span<byte> magic = stackalloc byte[2];
        var count = (int)Math.Min(2, firstBytes.Length);
        firstBytes.Slice(0, count).CopyTo(magic);
        if (magic[0] != MagicHigh || (count == 2 && magic[1] != MagicLow))
        {
            return MatchResult.Failed;
        }

        return count == 2 ? MatchResult.Success : MatchResult.Again;
    }

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

        Span<byte> head = stackalloc byte[HeaderLength];
        var copied = (int)Math.Min(available, HeaderLength);
        buffer.Slice(0, copied).CopyTo(head);
        if (head[0] != MagicHigh || (copied > 1 && head[1] != MagicLow))
        {
            return XDecodeStatus.Malformed;
        }

        if (copied < HeaderLength)
        {
            return XDecodeStatus.NeedMoreData;
        }

        var flag = head[2];
        var status = head[3];
        var requestId = BinaryPrimitives.ReadUInt64BigEndian(head[4..]);
        var bodyLength = BinaryPrimitives.ReadInt32BigEndian(head[12..]);
        var total = (long)HeaderLength + bodyLength;
        if (bodyLength < 0 || total > limits.MaxFrameSize)
        {
            return XDecodeStatus.Malformed;
        }

        if (available < total)
        {
            return XDecodeStatus.NeedMoreData;
        }

        var body = buffer.Slice(HeaderLength, bodyLength);
        var isRequest = (flag & FlagRequest) != 0;
        var isEvent = (flag & FlagEvent) != 0;
        var twoWay = (flag & FlagTwoWay) != 0;
        var headers = HeaderMapPool.Rent(8); // returned by the proxy when the stream ends
        headers.Add(DubboHeaderNames.Flag, flag.ToString(CultureInfo.InvariantCulture));
        XFrameKind kind;
        var timeout = 0;
        if (!isRequest)
        {
            kind = isEvent ? XFrameKind.HeartbeatAck : XFrameKind.Response;
            headers.Add(DubboHeaderNames.Status, status.ToString(CultureInfo.InvariantCulture));
            headers.Add(PseudoHeaders.Status, DubboStatusMapping.ToHttp((DubboStatus)status).ToString(CultureInfo.InvariantCulture));
        }
        else if (isEvent)
        {
            kind = twoWay ? XFrameKind.Heartbeat : IsReadOnlyEvent(body) ? XFrameKind.GoAway : XFrameKind.HeartbeatAck;
        }
        else
        {
            kind = twoWay ? XFrameKind.Request : XFrameKind.OneWayRequest;
            if ((flag & SerializationMask) == Hessian2 && !ReadServiceInfo(body, headers, limits.MaxHeaderCount, out timeout))
            {
                return XDecodeStatus.Malformed;
            }
        }

        frame = new XFrame(kind, requestId, total, headers, body, timeout);
        return XDecodeStatus.Frame;
    }

    /// <summary>Dubbo's read-only event: the Hessian2 string "R".</summary>
    private static bool IsReadOnlyEvent(in ReadOnlySequence<byte> body)
    {
        if (body.Length != 2)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[2];
        body.CopyTo(bytes);
        return bytes[0] == 0x01 && bytes[1] == (byte)'R';
    }

    private static bool ReadServiceInfo(in ReadOnlySequence<byte> body, HeaderMap headers, int maxAttachments, out int timeout)
    {
        timeout = 0;
        var reader = new Hessian2Reader(body);
        if (!reader.TryReadString(out var frameworkVersion)
            || !reader.TryReadString(out var service)
            || !reader.TryReadString(out var version)
            || !reader.TryReadString(out var method))
        {
            return false;
        }

        headers.Add(DubboHeaderNames.FrameworkVersion, frameworkVersion ?? "");
        headers.Add(DubboHeaderNames.Service, service ?? "");
        headers.Add(DubboHeaderNames.Version, version ?? "");
        headers.Add(DubboHeaderNames.Method, method ?? "");

        // Best effort from here: the attachments sit after the arguments, which the descriptor counts.
        if (!reader.TryReadString(out var descriptor) || CountParameters(descriptor) is not { } count)
        {
            return true;
        }

        for (var i = 0; i < count; i++)
        {
            if (!reader.TrySkipValue())
            {
                return true;
            }
        }

        if (reader.End)
        {
            return true;
        }

        var attachments = new List<KeyValuePair<string, string>>();
        var complete = reader.TryReadStringMap((key, value) => attachments.Add(new(key, value)));
        if (attachments.Count > maxAttachments)
        {
            return false;
        }

        if (!complete)
        {
            return true;
        }

        foreach (var (key, value) in attachments)
        {
            if (!headers.TryGet(key, out _))
            {
                headers.Add(key, value);
            }

            if (key == DubboHeaderNames.TimeoutAttachment && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            {
                timeout = ms;
            }
        }

        return true;
    }

    /// <summary>Counts the parameters of a JVM method descriptor such as <c>Ljava/lang/String;I[J</c>; null when it is not one.</summary>
    internal static int? CountParameters(string? descriptor)
    {
        if (string.IsNullOrEmpty(descriptor))
        {
            return 0;
        }

        var count = 0;
        var i = 0;
        while (i < descriptor.Length)
        {
            while (i < descriptor.Length && descriptor[i] == '[')
            {
                i++;
            }

            if (i == descriptor.Length)
            {
                return null;
            }

            switch (descriptor[i])
            {
                case 'L':
                    var end = descriptor.IndexOf(';', i);
                    if (end < 0)
                    {
                        return null;
                    }

                    i = end + 1;
                    break;
                case 'Z' or 'B' or 'C' or 'D' or 'F' or 'I' or 'J' or 'S' or 'V':
                    i++;
                    break;
                default:
                    return null;
            }

            count++;
        }

        return count;
    }

    // ------------------------------------------------------------ encoding

    /// <inheritdoc />
    public bool IsOneWay(IHeaderMap headers) => (Flag(headers, FlagRequest | FlagTwoWay | Hessian2) & FlagTwoWay) == 0;

    /// <inheritdoc />
    public bool IsProtocolResponse(IHeaderMap headers) => headers.TryGet(DubboHeaderNames.Status, out _);

    /// <inheritdoc />
    /// <remarks>The flag from <see cref="DubboHeaderNames.Flag"/> (default 0xC2: two-way Hessian2 request), the body as given.</remarks>
    public bool EncodeRequest(IBufferWriter<byte> output, ulong requestId, IHeaderMap headers, in ReadOnlySequence<byte> body)
    {
        if (body.Length > int.MaxValue)
        {
            return false;
        }

        var flag = (byte)(Flag(headers, FlagRequest | FlagTwoWay | Hessian2) | FlagRequest);
        WriteHead(output, flag, 0, requestId, (int)body.Length);
        WriteBody(output, body);
        return true;
    }

    /// <inheritdoc />
    /// <remarks>The flag from <see cref="DubboHeaderNames.Flag"/> (default 0x02), the status from <see cref="DubboHeaderNames.Status"/> (default OK), the body as given.</remarks>
    public bool EncodeResponse(IBufferWriter<byte> output, ulong requestId, IHeaderMap headers, in ReadOnlySequence<byte> body)
    {
        if (body.Length > int.MaxValue)
        {
            return false;
        }

        var flag = (byte)(Flag(headers, Hessian2) & ~FlagRequest & ~FlagTwoWay);
        var status = headers.TryGet(DubboHeaderNames.Status, out var text) && byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : (byte)DubboStatus.Ok;
        WriteHead(output, flag, status, requestId, (int)body.Length);
        WriteBody(output, body);
        return true;
    }

    /// <inheritdoc />
    /// <remarks>
    /// A Hessian2 response (flag 0x02) with the status of <see cref="DubboStatusMapping.FromHttp"/> and, as Dubbo writes
    /// error responses, the error message as a Hessian2 string: <c>"&lt;status&gt;|&lt;reason&gt;"</c> (e.g. "404|no route").
    /// </remarks>
    public void EncodeHijack(IBufferWriter<byte> output, ulong requestId, IHeaderMap? requestHeaders, int httpStatus)
    {
        var status = DubboStatusMapping.FromHttp(httpStatus);
        var message = new ArrayBufferWriter<byte>(64);
        Hessian2Writer.WriteString(message, $"{httpStatus.ToString(CultureInfo.InvariantCulture)}|{Reason(httpStatus)}");
        WriteHead(output, Hessian2, (byte)status, requestId, message.WrittenCount);
        output.Write(message.WrittenSpan);
    }

    private static string Reason(int httpStatus) => httpStatus switch
    {
        404 => "no route",
        502 => "upstream error",
        503 => "no healthy upstream",
        504 => "timeout",
        403 => "forbidden",
        _ => "proxy error",
    };

    /// <inheritdoc />
    /// <remarks>A two-way Hessian2 event request (flag 0xE2) whose body is Hessian's null, as Dubbo's own heartbeat.</remarks>
    public void EncodeHeartbeat(IBufferWriter<byte> output, ulong requestId)
    {
        WriteHead(output, FlagRequest | FlagTwoWay | FlagEvent | Hessian2, 0, requestId, 1);
        output.GetSpan(1)[0] = Hessian2Writer.Null;
        output.Advance(1);
    }

    /// <inheritdoc />
    /// <remarks>An event response (flag 0x20 plus the heartbeat's serialization id), status OK, the same id, body "NN" (as MOSN answers).</remarks>
    public void EncodeHeartbeatReply(IBufferWriter<byte> output, in XFrame heartbeat)
    {
        var serialization = (byte)(Flag(heartbeat.Headers, Hessian2) & SerializationMask);
        WriteHead(output, (byte)(FlagEvent | serialization), (byte)DubboStatus.Ok, heartbeat.RequestId, 2);
        var span = output.GetSpan(2);
        span[0] = Hessian2Writer.Null;
        span[1] = Hessian2Writer.Null;
        output.Advance(2);
    }

    private static void WriteHead(IBufferWriter<byte> output, byte flag, byte status, ulong requestId, int bodyLength)
    {
        var head = output.GetSpan(HeaderLength);
        head[0] = MagicHigh;
        head[1] = MagicLow;
        head[2] = flag;
        head[3] = status;
        BinaryPrimitives.WriteUInt64BigEndian(head[4..], requestId);
        BinaryPrimitives.WriteInt32BigEndian(head[12..], bodyLength);
        output.Advance(HeaderLength);
    }

    private static void WriteBody(IBufferWriter<byte> output, in ReadOnlySequence<byte> body)
    {
        foreach (var segment in body)
        {
            output.Write(segment.Span);
        }
    }

    private static int Flag(IHeaderMap headers, int defaultValue) =>
        headers.TryGet(DubboHeaderNames.Flag, out var text) && byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : defaultValue;
}
