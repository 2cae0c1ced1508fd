using System.Buffers.Binary;
using System.Text;

namespace BoltLoad;

/// <summary>Just enough of the Bolt v1 wire format for a load test: request and response framing.</summary>
internal static class BoltWire
{
    public const int RequestHeaderLength = 22;
    public const int ResponseHeaderLength = 20;
    public const int RequestIdOffset = 5;

    private const byte Protocol = 0x01;
    private const byte TypeResponse = 0;
    private const byte TypeRequest = 1;
    private const ushort CmdHeartbeat = 0;
    private const ushort CmdRequest = 1;
    private const ushort CmdResponse = 2;
    private const byte Hessian2 = 1;

    /// <summary>A request frame (id 0; patch it at <see cref="RequestIdOffset"/>) with a class name, the service and method headers, and <paramref name="bodySize"/> bytes of content.</summary>
    public static byte[] Request(string service, int bodySize, int timeoutMs)
    {
        var className = Encoding.UTF8.GetBytes("com.alipay.sofa.rpc.core.request.SofaRequest");
        var block = new List<byte>();
        foreach (var s in new[] { "service", service, "sofa_head_method_name", "echo" })
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            block.AddRange([(byte)(bytes.Length >> 24), (byte)(bytes.Length >> 16), (byte)(bytes.Length >> 8), (byte)bytes.Length]);
            block.AddRange(bytes);
        }

        var frame = new byte[RequestHeaderLength + className.Length + block.Count + bodySize];
        frame[0] = Protocol;
        frame[1] = TypeRequest;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), CmdRequest);
        frame[4] = 1;
        frame[9] = Hessian2;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(10), timeoutMs);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), (ushort)className.Length);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), (ushort)block.Count);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(18), bodySize);
        className.CopyTo(frame, RequestHeaderLength);
        block.CopyTo(frame, RequestHeaderLength + className.Length);
        frame.AsSpan(RequestHeaderLength + className.Length + block.Count).Fill((byte)'x');
        return frame;
    }

    /// <summary>The length of the frame at the start of <paramref name="data"/>, 0 when its header is not all there, −1 when it is not Bolt v1.</summary>
    public static int FrameLength(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2)
        {
            return 0;
        }

        if (data[0] != Protocol || data[1] > 2)
        {
            return -1;
        }

        if (data[1] == TypeResponse)
        {
            return data.Length < ResponseHeaderLength ? 0 : checked(ResponseHeaderLength + BinaryPrimitives.ReadUInt16BigEndian(data[12..])
                + BinaryPrimitives.ReadUInt16BigEndian(data[14..]) + BinaryPrimitives.ReadInt32BigEndian(data[16..]));
        }

        return data.Length < RequestHeaderLength ? 0 : checked(RequestHeaderLength + BinaryPrimitives.ReadUInt16BigEndian(data[14..])
            + BinaryPrimitives.ReadUInt16BigEndian(data[16..]) + BinaryPrimitives.ReadInt32BigEndian(data[18..]));
    }

    public static uint RequestId(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadUInt32BigEndian(frame[RequestIdOffset..]);

    public static ushort ResponseStatus(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadUInt16BigEndian(frame[10..]);

    /// <summary>Appends to <paramref name="output"/> the echo of the request <paramref name="request"/>: same id, status 0, its content back (heartbeats get an empty ack).</summary>
    public static int WriteEcho(ReadOnlySpan<byte> request, Span<byte> output)
    {
        var classLength = BinaryPrimitives.ReadUInt16BigEndian(request[14..]);
        var headerLength = BinaryPrimitives.ReadUInt16BigEndian(request[16..]);
        var content = request[(RequestHeaderLength + classLength + headerLength)..];
        var heartbeat = BinaryPrimitives.ReadUInt16BigEndian(request[2..]) == CmdHeartbeat;
        var contentLength = heartbeat ? 0 : content.Length;
        output[0] = Protocol;
        output[1] = TypeResponse;
        BinaryPrimitives.WriteUInt16BigEndian(output[2..], heartbeat ? CmdHeartbeat : CmdResponse);
        output[4] = 1;
        request.Slice(RequestIdOffset, 4).CopyTo(output[RequestIdOffset..]);
        output[9] = request[9];
        BinaryPrimitives.WriteUInt16BigEndian(output[10..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(output[12..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(output[14..], 0);
        BinaryPrimitives.WriteInt32BigEndian(output[16..], contentLength);
        content[..contentLength].CopyTo(output[ResponseHeaderLength..]);
        return ResponseHeaderLength + contentLength;
    }
}
