namespace Mosn.Protocols.Bolt;

/// <summary>
/// The names under which a decoded Bolt frame's protocol fields appear in its header map, next to the frame's own
/// key/value headers (e.g. <c>service</c>, which RPC routes match on).
/// </summary>
/// <remarks>
/// All start with <c>:</c>, so they are never written into a frame's header block; the encoder reads them back to build
/// the frame (a missing or unparsable one gets its default). Values are decimal numbers, except <see cref="ClassName"/>.
/// Responses also carry <see cref="Mosn.Abstractions.Protocol.PseudoHeaders.Status"/>: the Bolt status mapped to HTTP
/// (Success 200, ServerThreadpoolBusy 503, Timeout 504, ConnectionClosed 502, any other 500).
/// </remarks>
public static class BoltHeaderNames
{
    /// <summary>The <c>type</c> byte: 1 request, 2 one-way request, 0 response (<see cref="BoltCommandType"/>). Default 1.</summary>
    public const string CommandType = ":bolt-type";

    /// <summary>The <c>cmdcode</c> (<see cref="BoltCommandCode"/>). Default 1 for requests, 2 for responses.</summary>
    public const string CommandCode = ":bolt-cmdcode";

    /// <summary>The <c>ver2</c> byte (command version). Default 1.</summary>
    public const string Version = ":bolt-version";

    /// <summary>The <c>codec</c> byte: the body's serializer (1 Hessian2, 11 protobuf), passed through untouched. Default 1.</summary>
    public const string Codec = ":bolt-codec";

    /// <summary>Requests: the <c>timeout</c> in milliseconds (−1 for heartbeats). Default 0.</summary>
    public const string Timeout = ":bolt-timeout";

    /// <summary>Responses: the <c>respStatus</c> (<see cref="BoltResponseStatus"/>). Its presence marks a map as a Bolt response.</summary>
    public const string Status = ":bolt-status";

    /// <summary>The class name (e.g. <c>com.alipay.sofa.rpc.core.request.SofaRequest</c>). Default empty.</summary>
    public const string ClassName = ":bolt-class";

    /// <summary>The routing header SOFARPC puts in every request: the service unique name (<c>interface:version</c>).</summary>
    public const string Service = "service";
}
