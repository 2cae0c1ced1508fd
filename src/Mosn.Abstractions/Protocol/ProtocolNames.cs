namespace Mosn.Abstractions.Protocol;

/// <summary>Protocol names as MOSN spells them in configuration.</summary>
public static class ProtocolNames
{
    /// <summary>Detect the protocol from the first bytes of the connection.</summary>
    public const string Auto = "Auto";
    /// <summary>HTTP/1.1 (and 1.0).</summary>
    public const string Http1 = "Http1";
    /// <summary>HTTP/2.</summary>
    public const string Http2 = "Http2";
    /// <summary>Bolt v1, SOFARPC's protocol (an X protocol; MOSN's lowercase name).</summary>
    public const string Bolt = "bolt";
    /// <summary>Dubbo (v2 frame, Hessian2; an X protocol; MOSN's lowercase name).</summary>
    public const string Dubbo = "dubbo";
    /// <summary>MOSN's X protocol umbrella (sub protocol in extend_config).</summary>
    public const string X = "X";
}
