namespace Mosn.Protocols.Http2.Frames;

/// <summary>
/// The frame flags of RFC 9113 §6. Flags are defined per frame type, so <see cref="EndStream"/> and <see cref="Ack"/>
/// share the bit 0x1; flags a type does not define are ignored on receipt and never sent (§4.1).
/// </summary>
[Flags]
#pragma warning disable CA1069 // END_STREAM and ACK are the same bit by RFC 9113 design: their meaning depends on the frame type.
internal enum Http2FrameFlags : byte
{
    /// <summary>No flag set.</summary>
    None = 0x0,
    /// <summary>END_STREAM (0x1) on DATA and HEADERS: the last frame the sender sends on the stream.</summary>
    EndStream = 0x1,
    /// <summary>ACK (0x1) on SETTINGS and PING: the frame acknowledges the peer's frame.</summary>
    Ack = 0x1,
    /// <summary>END_HEADERS (0x4) on HEADERS, PUSH_PROMISE and CONTINUATION: the field block is complete.</summary>
    EndHeaders = 0x4,
    /// <summary>PADDED (0x8) on DATA, HEADERS and PUSH_PROMISE: a Pad Length octet and padding are present.</summary>
    Padded = 0x8,
    /// <summary>PRIORITY (0x20) on HEADERS: the exclusive bit, stream dependency and weight are present.</summary>
    Priority = 0x20,
}
#pragma warning restore CA1069
