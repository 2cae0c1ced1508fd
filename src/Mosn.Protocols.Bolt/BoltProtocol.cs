using Mosn.Protocols.XProtocol;

namespace Mosn.Protocols.Bolt;

/// <summary>The Bolt v1 (SOFARPC) protocol module: the <see cref="BoltCodec"/> run by the X-protocol framework.</summary>
public static class BoltProtocol
{
    /// <summary>The protocol's name in configuration, as MOSN spells it (<c>downstream_protocol: "bolt"</c>).</summary>
    public const string Name = "bolt";

    /// <summary>Creates the protocol to register, with <paramref name="options"/> (or the default limits: 16 MiB frames).</summary>
    public static XProtocolModule Create(XProtocolOptions? options = null) => new(BoltCodec.Instance, options);
}
