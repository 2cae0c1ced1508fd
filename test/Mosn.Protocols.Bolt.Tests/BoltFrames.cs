using System.Buffers.Binary;
using System.Text;

namespace Mosn.Protocols.Bolt.Tests;

/// <summary>Builds Bolt v1 and v2 frames byte by byte from the wire format (independently of the codec under test).</summary>
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

    /// <summary>A Bolt v2 request: proto 2, ver1, type, cmdcode, ver2 1, id, codec, switch, timeout, lengths, payload, then the CRC32 when ver1 is 2 and switch bit 0 is set.</summary>
    public static byte[] RequestV2(uint id, int timeout = 3000, string className = "", (string Key, string Value)[]? headers = null,
        byte[]? content = null, byte ver1 = 1, byte switchByte = 0, byte type = 1, ushort cmdCode = 1, byte codec = 1)
    {
        var payload = Payload(className, headers, content, out var classLength, out var blockLength);
        var frame = new List<byte> { 0x02, ver1, type };
        AddUInt16(frame, cmdCode);
        frame.Add(0x01);
        AddUInt32(frame, id);
        frame.Add(codec);
        frame.Add(switchByte);
        AddUInt32(frame, (uint)timeout);
        AddUInt16(frame, (ushort)classLength);
        AddUInt16(frame, (ushort)blockLength);
        AddUInt32(frame, (uint)(payload.Length - classLength - blockLength));
        frame.AddRange(payload);
        return WithCrc(frame, ver1, switchByte);
    }

    /// <summary>A Bolt v2 response, laid out like <see cref="RequestV2"/> with the 2-byte status instead of the timeout.</summary>
    public static byte[] ResponseV2(uint id, ushort status = 0, string className = "", (string Key, string Value)[]? headers = null,
        byte[]? content = null, byte ver1 = 1, byte switchByte = 0, ushort cmdCode = 2, byte codec = 1)
    {
        var payload = Payload(className, headers, content, out var classLength, out var blockLength);
        var frame = new List<byte> { 0x02, ver1, 0x00 };
        AddUInt16(frame, cmdCode);
        frame.Add(0x01);
        AddUInt32(frame, id);
        frame.Add(codec);
        frame.Add(switchByte);
        AddUInt16(frame, status);
        AddUInt16(frame, (ushort)classLength);
        AddUInt16(frame, (ushort)blockLength);
        AddUInt32(frame, (uint)(payload.Length - classLength - blockLength));
        frame.AddRange(payload);
        return WithCrc(frame, ver1, switchByte);
    }

    /// <summary>CRC-32/IEEE computed bit by bit (a reference independent of the codec's table-driven one).</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static byte[] WithCrc(List<byte> frame, byte ver1, byte switchByte)
    {
        if (ver1 == 2 && (switchByte & 1) != 0)
        {
            AddUInt32(frame, Crc32(frame.ToArray()));
        }

        return [.. frame];
    }

    private static byte[] Payload(string className, (string Key, string Value)[]? headers, byte[]? content, out int classLength, out int blockLength)
    {
        var cls = Encoding.UTF8.GetBytes(className);
        var block = HeaderBlock(headers ?? []);
        classLength = cls.Length;
        blockLength = block.Length;
        return [.. cls, .. block, .. content ?? []];
    }

    private static void AddUInt16(List<byte> bytes, ushort value) => bytes.AddRange([(byte)(value >> 8), (byte)value]);

    private static void AddUInt32(List<byte> bytes, uint value) => bytes.AddRange([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);

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
