namespace Mosn.Abstractions.Streams;

/// <summary>Facts about one proxied request, for filters and access logs. Written by the proxy on the stream's threads.</summary>
public interface IRequestInfo
{
    /// <summary>When the request headers were received.</summary>
    DateTimeOffset StartTime { get; }

    /// <summary>Downstream protocol name.</summary>
    string Protocol { get; }

    /// <summary>The response status sent downstream (0 until known).</summary>
    int ResponseCode { get; }

    /// <summary>Request body bytes received from downstream.</summary>
    long BytesReceived { get; }

    /// <summary>Response body bytes sent downstream.</summary>
    long BytesSent { get; }

    /// <summary>The upstream host that served the request, if any.</summary>
    Upstream.IHost? UpstreamHost { get; }

    /// <summary>Why the proxy answered itself or failed (see <see cref="ResponseFlags"/>).</summary>
    ResponseFlags ResponseFlags { get; }

    /// <summary>The downstream peer address.</summary>
    System.Net.EndPoint? DownstreamRemoteAddress { get; }

    /// <summary>
    /// The local (listener-side) address of the downstream connection; null when the implementation does not track it
    /// (the default). Access logs fall back to the connection's own address.
    /// </summary>
    System.Net.EndPoint? DownstreamLocalAddress => null;

    /// <summary>
    /// The local address of the upstream connection that carried the request; null when there was none or the
    /// implementation does not track it (the default). Access logs write <c>-</c> for null.
    /// </summary>
    System.Net.EndPoint? UpstreamLocalAddress => null;
}
