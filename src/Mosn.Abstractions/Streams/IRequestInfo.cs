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
}
