using Mosn.Protocols.XProtocol;

namespace Mosn.Protocols.Bolt;

/// <summary>
/// The Bolt v1 (SOFARPC) protocol module: <see cref="BoltCodec.Instance"/> run by the X-protocol framework. Auto detection
/// picks it for connections whose first byte is 0x01; its connections also carry Bolt v2 frames.
/// </summary>
public static class BoltProtocol
{
    /// <summary>The protocol's name in configuration, as MOSN spells it (<c>downstream_protocol: "bolt"</c>).</summary>
    public const string Name = "bolt";

    /// <summary>Creates the protocol to register, with <paramref name="options"/> (or the default limits: 16 MiB frames).</summary>
    public static XProtocolModule Create(XProtocolOptions? options = null) => new(BoltCodec.Instance, options);
}
