using System.Buffers.Binary;

namespace Mosn.Protocols.Http2.Frames;

/// <summary>
/// The fixed 9-octet frame header of RFC 9113 §4.1: 24-bit payload length, type, flags, and a 31-bit stream id
/// whose reserved bit is dropped on receipt.
/// </summary>
/// <param name="Length">Payload length in octets, 0..2^24-1 (the header itself not included).</param>
/// <param name="Type">Frame type; may be a value <see cref="Http2FrameType"/> does not name.</param>
/// <param name="Flags">Flags as received; flags undefined for the type are kept but carry no meaning.</param>
/// <param name="StreamId">Stream identifier, 0..2^31-1; 0 addresses the connection.</param>
internal readonly record struct Http2FrameHeader(int Length, Http2FrameType Type, Http2FrameFlags Flags, uint StreamId)
{
    /// <summary>Whether every flag of <paramref name="flags"/> is set.</summary>
    public bool HasFlags(Http2FrameFlags flags) => (Flags & flags) == flags;

    /// <summary>Decodes a header from exactly <see cref="Http2Constants.FrameHeaderLength"/> or more bytes.</summary>
    public static Http2FrameHeader Read(ReadOnlySpan<byte> source)
    {
        var length = (source[0] << 16) | (source[1] << 8) | source[2];
        var streamId = BinaryPrimitives.ReadUInt32BigEndian(source[5..]) & Http2Constants.StreamIdMask;
        return new Http2FrameHeader(length, (Http2FrameType)source[3], (Http2FrameFlags)source[4], streamId);
    }

    /// <summary>Encodes this header into the first 9 bytes of <paramref name="destination"/> (reserved bit zero).</summary>
    public void Write(Span<byte> destination)
    {
        destination[0] = (byte)(Length >> 16);
        destination[1] = (byte)(Length >> 8);
        destination[2] = (byte)Length;
        destination[3] = (byte)Type;
        destination[4] = (byte)Flags;
        BinaryPrimitives.WriteUInt32BigEndian(destination[5..], StreamId & Http2Constants.StreamIdMask);
    }
}
