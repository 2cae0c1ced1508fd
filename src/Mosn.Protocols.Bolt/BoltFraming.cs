namespace Mosn.Protocols.Bolt;

/// <summary>
/// Where the fields of one Bolt wire version sit. Bolt v2 (SOFABolt's RpcProtocolV2) is v1 with a <c>ver1</c> byte after
/// the protocol code and a <c>switch</c> byte after the codec, so every field up to the codec moves one byte and every
/// field after it two; a v2 frame whose <c>ver1</c> is 2 and whose switch has the CRC bit ends with a CRC32 of all the
/// bytes before it.
/// </summary>
/// <remarks>Immutable; the two instances are shared by every codec.</remarks>
internal sealed class BoltFraming
{
    /// <summary>The <c>ver1</c> value whose frames may carry a CRC32 (SOFABolt's <c>PROTOCOL_VERSION_2</c>).</summary>
    public const byte CrcProtocolVersion = 2;

    /// <summary>Bit 0 of the switch byte: the CRC32 is on (SOFABolt's <c>ProtocolSwitch.CRC_SWITCH_INDEX</c>).</summary>
    public const byte CrcSwitchBit = 0x01;

    /// <summary>Size of the trailing CRC32.</summary>
    public const int CrcLength = 4;

    private BoltFraming(byte protocolCode, int shift)
    {
        ProtocolCode = protocolCode;
        Shift = shift;
        Tail = 10 + (2 * shift);
        RequestHeaderLength = Tail + 12;
        ResponseHeaderLength = Tail + 10;
    }

    /// <summary>Bolt v1: 22-byte request header, 20-byte response header.</summary>
    public static BoltFraming V1 { get; } = new(0x01, 0);

    /// <summary>Bolt v2: 24-byte request header, 22-byte response header, optional trailing CRC32.</summary>
    public static BoltFraming V2 { get; } = new(0x02, 1);

    /// <summary>The first byte of every frame of this version.</summary>
    public byte ProtocolCode { get; }

    /// <summary>True for v2: the frame has the <c>ver1</c> and <c>switch</c> bytes.</summary>
    public bool HasVersionAndSwitch => Shift != 0;

    /// <summary>How far the fields from <c>type</c> to <c>codec</c> sit after their v1 offsets (0 or 1).</summary>
    public int Shift { get; }

    /// <summary>Offset of the first field after the codec (and switch): the request's timeout or the response's status.</summary>
    public int Tail { get; }

    /// <summary>Size of a request's fixed header.</summary>
    public int RequestHeaderLength { get; }

    /// <summary>Size of a response's fixed header.</summary>
    public int ResponseHeaderLength { get; }

    /// <summary>Offset of the type byte.</summary>
    public int TypeOffset => 1 + Shift;

    /// <summary>Offset of the request id.</summary>
    public int RequestIdOffset => 5 + Shift;

    /// <summary>The framing of frames starting with <paramref name="protocolCode"/>, or null when no Bolt version starts so.</summary>
    public static BoltFraming? For(byte protocolCode) => protocolCode switch
    {
        0x01 => V1,
        0x02 => V2,
        _ => null,
    };

    /// <summary>True when a v2 frame with these <c>ver1</c> and switch bytes ends with a CRC32 (SOFABolt's decoder rule).</summary>
    public static bool HasCrc(byte protocolVersion, byte switchByte) =>
        protocolVersion == CrcProtocolVersion && (switchByte & CrcSwitchBit) != 0;
}
