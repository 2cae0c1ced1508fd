namespace Mosn.Protocols.Http2.Frames;

/// <summary>
/// The frame types of RFC 9113 §6. The wire value is one octet; a type this enum does not name is kept as its
/// numeric value (see <see cref="Http2Frame.IsKnownType"/>) so the caller can skip it (§4.1, §5.5).
/// </summary>
internal enum Http2FrameType : byte
{
    /// <summary>DATA (0x0, §6.1): request or response content.</summary>
    Data = 0x0,
    /// <summary>HEADERS (0x1, §6.2): opens a stream and carries a field block fragment.</summary>
    Headers = 0x1,
    /// <summary>PRIORITY (0x2, §6.3): deprecated priority signal; still parsed and validated.</summary>
    Priority = 0x2,
    /// <summary>RST_STREAM (0x3, §6.4): immediately terminates a stream.</summary>
    RstStream = 0x3,
    /// <summary>SETTINGS (0x4, §6.5): connection configuration parameters, or their acknowledgement.</summary>
    Settings = 0x4,
    /// <summary>PUSH_PROMISE (0x5, §6.6): announces a server-initiated stream.</summary>
    PushPromise = 0x5,
    /// <summary>PING (0x6, §6.7): round-trip measurement and liveness check.</summary>
    Ping = 0x6,
    /// <summary>GOAWAY (0x7, §6.8): starts connection shutdown.</summary>
    GoAway = 0x7,
    /// <summary>WINDOW_UPDATE (0x8, §6.9): flow-control credit.</summary>
    WindowUpdate = 0x8,
    /// <summary>CONTINUATION (0x9, §6.10): continues a field block started by HEADERS or PUSH_PROMISE.</summary>
    Continuation = 0x9,
}
