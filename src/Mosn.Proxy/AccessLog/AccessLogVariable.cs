namespace Mosn.Proxy.AccessLog;

/// <summary>What one piece of an access log format writes (see <see cref="AccessLogFormat"/> for the names in config).</summary>
internal enum AccessLogVariable
{
    /// <summary>Text copied as is.</summary>
    Literal,

    /// <summary><c>start_time</c>: when the request headers arrived, local time, <c>yyyy/MM/dd HH:mm:ss.fff</c>.</summary>
    StartTime,

    /// <summary><c>request_received_duration</c>: from start until the request was handed to the upstream.</summary>
    RequestReceivedDuration,

    /// <summary><c>response_received_duration</c>: from start until the upstream response headers arrived.</summary>
    ResponseReceivedDuration,

    /// <summary><c>request_finished_duration</c>: from start until the proxy finished the stream.</summary>
    RequestFinishedDuration,

    /// <summary><c>duration</c>: from start until the line was written (the end of the stream).</summary>
    Duration,

    /// <summary><c>bytes_sent</c>: response body bytes sent downstream.</summary>
    BytesSent,

    /// <summary><c>bytes_received</c>: request body bytes received from downstream.</summary>
    BytesReceived,

    /// <summary><c>protocol</c>: the downstream protocol name.</summary>
    Protocol,

    /// <summary><c>response_code</c>: the status sent downstream (0 when none was).</summary>
    ResponseCode,

    /// <summary><c>response_flag</c> / <c>response_flags</c>: short codes of the response flags.</summary>
    ResponseFlags,

    /// <summary><c>upstream_local_address</c>: the local address of the upstream connection.</summary>
    UpstreamLocalAddress,

    /// <summary><c>upstream_remote_address</c>: the upstream host's address.</summary>
    UpstreamRemoteAddress,

    /// <summary><c>upstream_host</c>: the upstream host's hostname, or its address when it has none.</summary>
    UpstreamHost,

    /// <summary><c>upstream_cluster</c>: the cluster of the upstream host.</summary>
    UpstreamCluster,

    /// <summary><c>downstream_local_address</c>: the listener-side address of the client connection.</summary>
    DownstreamLocalAddress,

    /// <summary><c>downstream_remote_address</c>: the client's address.</summary>
    DownstreamRemoteAddress,

    /// <summary><c>request_header_NAME</c> or <c>REQ.NAME</c>: a request header.</summary>
    RequestHeader,

    /// <summary><c>response_header_NAME</c> or <c>RESP.NAME</c>: a response header.</summary>
    ResponseHeader,
}
