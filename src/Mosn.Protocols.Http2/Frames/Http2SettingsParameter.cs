namespace Mosn.Protocols.Http2.Frames;

/// <summary>
/// The SETTINGS parameter identifiers of RFC 9113 §6.5.2 and extensions. The wire value is 16 bits; identifiers
/// this enum does not name are ignored on receipt (§6.5.2) and never surfaced by <see cref="Http2SettingsEnumerator"/>.
/// </summary>
internal enum Http2SettingsParameter : ushort
{
    /// <summary>SETTINGS_HEADER_TABLE_SIZE (0x1): maximum HPACK dynamic table size of the sender's decoder; default 4096.</summary>
    HeaderTableSize = 0x1,
    /// <summary>SETTINGS_ENABLE_PUSH (0x2): 0 or 1; a server must never send 1; default 1.</summary>
    EnablePush = 0x2,
    /// <summary>SETTINGS_MAX_CONCURRENT_STREAMS (0x3): streams the sender lets its peer open; default unlimited.</summary>
    MaxConcurrentStreams = 0x3,
    /// <summary>SETTINGS_INITIAL_WINDOW_SIZE (0x4): initial stream flow-control window, at most 2^31-1; default 65535.</summary>
    InitialWindowSize = 0x4,
    /// <summary>SETTINGS_MAX_FRAME_SIZE (0x5): largest frame payload the sender accepts, 16384..16777215; default 16384.</summary>
    MaxFrameSize = 0x5,
    /// <summary>SETTINGS_MAX_HEADER_LIST_SIZE (0x6): advisory maximum field section size; default unlimited.</summary>
    MaxHeaderListSize = 0x6,
    /// <summary>SETTINGS_ENABLE_CONNECT_PROTOCOL (0x8, RFC 8441 §3): 0 or 1; 1 allows extended CONNECT.</summary>
    EnableConnectProtocol = 0x8,
    /// <summary>SETTINGS_NO_RFC7540_PRIORITIES (0x9, RFC 9218 §2.1): 0 or 1; 1 means RFC 7540 priorities are not used.</summary>
    NoRfc7540Priorities = 0x9,
}
