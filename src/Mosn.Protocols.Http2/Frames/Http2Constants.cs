namespace Mosn.Protocols.Http2.Frames;

/// <summary>Sizes, defaults and bounds of the HTTP/2 framing layer (RFC 9113 §4, §6.5.2, §6.9).</summary>
internal static class Http2Constants
{
    /// <summary>Length of the fixed frame header: 24-bit length, type, flags, R bit and 31-bit stream id (§4.1).</summary>
    public const int FrameHeaderLength = 9;

    /// <summary>Initial and smallest allowed SETTINGS_MAX_FRAME_SIZE: 2^14 (§4.2, §6.5.2).</summary>
    public const int DefaultMaxFrameSize = 16_384;

    /// <summary>Largest allowed SETTINGS_MAX_FRAME_SIZE: 2^24-1 (§6.5.2).</summary>
    public const int MaxAllowedFrameSize = 16_777_215;

    /// <summary>Initial flow-control window of the connection and of every stream (§6.9.2).</summary>
    public const int DefaultInitialWindowSize = 65_535;

    /// <summary>Largest flow-control window and largest SETTINGS_INITIAL_WINDOW_SIZE: 2^31-1 (§6.9.1).</summary>
    public const int MaxWindowSize = int.MaxValue;

    /// <summary>Initial SETTINGS_HEADER_TABLE_SIZE (§6.5.2).</summary>
    public const int DefaultHeaderTableSize = 4_096;

    /// <summary>Largest stream identifier: 2^31-1 (§5.1.1).</summary>
    public const uint MaxStreamId = int.MaxValue;

    /// <summary>Mask that clears the reserved R bit of a stream identifier or window increment (§4.1, §6.9).</summary>
    public const uint StreamIdMask = 0x7FFF_FFFF;

    /// <summary>Payload length of a PRIORITY frame and of the priority fields of a HEADERS frame (§6.3).</summary>
    public const int PriorityLength = 5;

    /// <summary>Payload length of RST_STREAM (§6.4) and WINDOW_UPDATE (§6.9) frames.</summary>
    public const int Int32PayloadLength = 4;

    /// <summary>Size of one SETTINGS parameter: 16-bit identifier and 32-bit value (§6.5.1).</summary>
    public const int SettingLength = 6;

    /// <summary>Payload length of a PING frame (§6.7).</summary>
    public const int PingLength = 8;

    /// <summary>Smallest GOAWAY payload: last stream id and error code (§6.8).</summary>
    public const int GoAwayMinLength = 8;
}
