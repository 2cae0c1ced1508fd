using Mosn.Protocols.Http2.Frames;

namespace Mosn.Protocols.Http2.Tests.Frames;

/// <summary>Hand-built raw frames, independent of <see cref="Http2FrameWriter"/>, for malformed-input tests.</summary>
internal static class FrameBytes
{
    /// <summary>A frame with the given header fields; <paramref name="length"/> overrides the payload's length field.</summary>
    public static byte[] Frame(Http2FrameType type, Http2FrameFlags flags, uint streamId, byte[] payload, int? length = null)
    {
        var declared = length ?? payload.Length;
        var bytes = new byte[9 + payload.Length];
        bytes[0] = (byte)(declared >> 16);
        bytes[1] = (byte)(declared >> 8);
        bytes[2] = (byte)declared;
        bytes[3] = (byte)type;
        bytes[4] = (byte)flags;
        bytes[5] = (byte)(streamId >> 24);
        bytes[6] = (byte)(streamId >> 16);
        bytes[7] = (byte)(streamId >> 8);
        bytes[8] = (byte)streamId;
        payload.CopyTo(bytes, 9);
        return bytes;
    }

    /// <summary>A frame with a zero-filled payload of <paramref name="length"/> bytes.</summary>
    public static byte[] Frame(Http2FrameType type, Http2FrameFlags flags, uint streamId, int length) =>
        Frame(type, flags, streamId, new byte[length]);

    /// <summary>A 32-bit big-endian value.</summary>
    public static byte[] UInt32(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    /// <summary>One SETTINGS parameter.</summary>
    public static byte[] Setting(ushort id, uint value) => [(byte)(id >> 8), (byte)id, .. UInt32(value)];

    /// <summary>Priority fields: dependency (with the E bit when <paramref name="exclusive"/>) and the wire weight octet.</summary>
    public static byte[] PriorityFields(uint dependency, bool exclusive, byte weight) =>
        [.. UInt32(dependency | (exclusive ? 0x8000_0000u : 0)), weight];

    /// <summary>Concatenates byte arrays.</summary>
    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
