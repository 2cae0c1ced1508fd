namespace Mosn.Protocols.Bolt;

/// <summary>
/// The names under which a decoded Bolt (v1 or v2) frame's protocol fields appear in its header map, next to the frame's own
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
    /// <summary>
    /// The protocol code (first byte): 1 for Bolt v1, 2 for Bolt v2. Set on every decoded frame; the encoder writes the
    /// frame in that version (absent: the codec's own version), so a request keeps its version through the proxy.
    /// </summary>
    public const string ProtocolCode = ":bolt-proto";

    /// <summary>Bolt v2 only: the <c>ver1</c> byte (protocol version, 1 or 2). Default 1.</summary>
    public const string ProtocolVersion = ":bolt-ver1";

    /// <summary>
    /// Bolt v2 only: the <c>switch</c> byte (option bits). With <see cref="ProtocolVersion"/> 2 and bit 0 set the frame
    /// ends with a CRC32, which the decoder verifies and the encoder recomputes. Default 0.
    /// </summary>
    public const string Switch = ":bolt-switch";

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
