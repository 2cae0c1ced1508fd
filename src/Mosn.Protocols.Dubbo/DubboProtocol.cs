using Mosn.Protocols.XProtocol;

namespace Mosn.Protocols.Dubbo;

/// <summary>The Dubbo (v2 frame, Hessian2) protocol module: the <see cref="DubboCodec"/> run by the X-protocol framework.</summary>
public static class DubboProtocol
{
    /// <summary>The protocol's name in configuration, as MOSN spells it (<c>downstream_protocol: "dubbo"</c>).</summary>
    public const string Name = "dubbo";

    /// <summary>Creates the protocol to register, with <paramref name="options"/> (or the default limits: 16 MiB frames).</summary>
    public static XProtocolModule Create(XProtocolOptions? options = null) => new(DubboCodec.Instance, options);
}
