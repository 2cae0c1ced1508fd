using System.Net;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;

namespace Mosn.Proxy.AccessLog;

/// <summary>
/// The facts of one finished request that an access log line is made of. Built by <see cref="AccessLogRecorder"/> when
/// the stream ends and read only while the line is formatted (the header maps are not copied).
/// </summary>
/// <param name="Info">The proxy's request facts.</param>
/// <param name="RequestHeaders">The request headers as forwarded (null when unknown).</param>
/// <param name="ResponseHeaders">The upstream response headers as sent downstream (null for local replies or when none arrived).</param>
/// <param name="DownstreamLocalAddress">The listener-side address of the client connection.</param>
/// <param name="RequestReceivedDuration">Start until the request was handed to the upstream; null when it never was.</param>
/// <param name="ResponseReceivedDuration">Start until the upstream response headers arrived; null when none did.</param>
/// <param name="RequestFinishedDuration">Start until the stream finished.</param>
internal readonly record struct AccessLogEntry(
    IRequestInfo Info,
    IHeaderMap? RequestHeaders,
    IHeaderMap? ResponseHeaders,
    EndPoint? DownstreamLocalAddress,
    TimeSpan? RequestReceivedDuration,
    TimeSpan? ResponseReceivedDuration,
    TimeSpan RequestFinishedDuration);
