namespace Mosn.Protocols.Dubbo;

/// <summary>
/// The names under which a decoded Dubbo frame's fields appear in its header map: the frame header's fields (starting with
/// <c>:</c>) and the service information read from a Hessian2 request body, under the names MOSN gives them, which routes
/// match on (<c>service</c>, <c>method</c>, ...).
/// </summary>
/// <remarks>
/// A request's string-valued attachments also appear under their own keys (unless one of the names below is already
/// set). The body is forwarded untouched: changing these headers does not change the service, method or attachments a
/// Dubbo server reads. Responses also carry <see cref="Mosn.Abstractions.Protocol.PseudoHeaders.Status"/>: the Dubbo
/// status mapped to HTTP (<see cref="DubboStatusMapping.ToHttp"/>).
/// </remarks>
public static class DubboHeaderNames
{
    /// <summary>The flag byte (request 0x80, two-way 0x40, event 0x20, serialization id in the low 5 bits), in decimal.</summary>
    public const string Flag = ":dubbo-flag";

    /// <summary>Responses: the status byte (<see cref="DubboStatus"/>), in decimal. Its presence marks a map as a Dubbo response.</summary>
    public const string Status = ":dubbo-status";

    /// <summary>The Dubbo framework version the request was written by (e.g. <c>2.0.2</c>).</summary>
    public const string FrameworkVersion = "dubbo";

    /// <summary>The service path (usually the interface name, e.g. <c>com.example.DemoService</c>).</summary>
    public const string Service = "service";

    /// <summary>The service version (may be empty).</summary>
    public const string Version = "version";

    /// <summary>The method name.</summary>
    public const string Method = "method";

    /// <summary>The attachment that carries the caller's timeout in milliseconds (used as the request timeout).</summary>
    public const string TimeoutAttachment = "timeout";
}
