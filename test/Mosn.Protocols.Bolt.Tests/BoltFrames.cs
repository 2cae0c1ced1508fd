using System.Buffers.Binary;
using System.Text;

namespace Mosn.Protocols.Bolt.Tests;

/// <summary>Builds Bolt v1 frames byte by byte from the wire format (independently of the codec under test).</summary>
internal static class BoltFrames
{
    public static byte[] Request(uint id, int timeout = 3000, string className = "", (string Key, string Value)[]? headers = null,
        byte[]? content = null, byte type = 1, ushort cmdCode = 1, byte codec = 1)
    {
        var block = HeaderBlock(headers ?? []);
        var cls = Encoding.UTF8.GetBytes(className);
        content ??= [];
        var frame = new byte[22 + cls.Length + block.Length + content.Length];
        frame[0] = 0x01;
        frame[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), cmdCode);
        frame[4] = 0x01;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(5), id);
        frame[9] = codec;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(10), timeout);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), (ushort)cls.Length);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), (ushort)block.Length);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(18), content.Length);
        cls.CopyTo(frame, 22);
        block.CopyTo(frame, 22 + cls.Length);
        content.CopyTo(frame, 22 + cls.Length + block.Length);
        return frame;
    }

    public static byte[] Response(uint id, ushort status = 0, string className = "", (string Key, string Value)[]? headers = null,
        byte[]? content = null, ushort cmdCode = 2, byte codec = 1)
    {
        var block = HeaderBlock(headers ?? []);
        var cls = Encoding.UTF8.GetBytes(className);
        content ??= [];
        var frame = new byte[20 + cls.Length + block.Length + content.Length];
        frame[0] = 0x01;
        frame[1] = 0x00;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), cmdCode);
        frame[4] = 0x01;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(5), id);
        frame[9] = codec;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(10), status);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), (ushort)cls.Length);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), (ushort)block.Length);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(16), content.Length);
        cls.CopyTo(frame, 20);
        block.CopyTo(frame, 20 + cls.Length);
        content.CopyTo(frame, 20 + cls.Length + block.Length);
        return frame;
    }

    public static byte[] HeaderBlock((string Key, string Value)[] headers)
    {
        var bytes = new List<byte>();
        foreach (var (key, value) in headers)
        {
            AddString(bytes, key);
            AddString(bytes, value);
        }

        return [.. bytes];
    }

    private static void AddString(List<byte> bytes, string value)
    {
        var data = Encoding.UTF8.GetBytes(value);
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        bytes.AddRange(length);
        bytes.AddRange(data);
    }
}
