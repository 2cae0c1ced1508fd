using Mosn.Protocols.XProtocol;

namespace Mosn.Protocols.Bolt;

/// <summary>
/// The Bolt v2 (SOFABolt RpcProtocolV2) protocol module: <see cref="BoltCodec.V2"/> run by the X-protocol framework.
/// Auto detection picks it for connections whose first byte is 0x02; its connections also carry Bolt v1 frames.
/// </summary>
public static class BoltV2Protocol
{
    /// <summary>
    /// The protocol's name in configuration, as MOSN spells it (<c>downstream_protocol: "boltv2"</c>, or MOSN 1.x's
    /// <c>"X"</c> with <c>extend_config.sub_protocol: "boltv2"</c>).
    /// </summary>
    public const string Name = "boltv2";

    /// <summary>Creates the protocol to register, with <paramref name="options"/> (or the default limits: 16 MiB frames).</summary>
    public static XProtocolModule Create(XProtocolOptions? options = null) => new(BoltCodec.V2, options);
}
