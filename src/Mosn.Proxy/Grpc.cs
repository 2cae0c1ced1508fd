using System.Globalization;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Streams;

namespace Mosn.Proxy;

/// <summary>
/// What the proxy knows about gRPC (carried over HTTP/2): recognising a call, its <c>grpc-timeout</c>, and answering a
/// call the proxy cannot forward with a gRPC status instead of an HTTP error page, which gRPC clients cannot read.
/// </summary>
internal static class Grpc
{
    /// <summary>gRPC status codes used by the proxy (grpc/doc/statuscodes.md).</summary>
    public const int Unknown = 2, DeadlineExceeded = 4, PermissionDenied = 7, ResourceExhausted = 8, Unimplemented = 12,
        Internal = 13, Unavailable = 14, Unauthenticated = 16;

    /// <summary>Whether the request is a gRPC call: <c>content-type</c> is <c>application/grpc</c> or <c>application/grpc+…</c>/<c>;…</c>.</summary>
    public static bool IsGrpc(IHeaderMap headers)
    {
        var contentType = headers.Get("content-type");
        if (contentType is null || !contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return contentType.Length == 16 || contentType[16] is '+' or ';';
    }

    /// <summary>
    /// Parses a <c>grpc-timeout</c> value: 1 to 8 digits and a unit (H, M, S, m, u, n). False for anything else.
    /// </summary>
    public static bool TryParseTimeout(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (value is null || value.Length is < 2 or > 9
            || !long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        double? ticks = value[^1] switch
        {
            'H' => amount * (double)TimeSpan.TicksPerHour,
            'M' => amount * (double)TimeSpan.TicksPerMinute,
            'S' => amount * (double)TimeSpan.TicksPerSecond,
            'm' => amount * (double)TimeSpan.TicksPerMillisecond,
            'u' => amount * 10.0,
            'n' => amount / 100.0,
            _ => null,
        };
        if (ticks is not { } t)
        {
            return false;
        }

        timeout = TimeSpan.FromTicks((long)Math.Min(Math.Ceiling(t), TimeSpan.MaxValue.Ticks));
        return true;
    }

    /// <summary>
    /// The gRPC status for a response the proxy makes itself: timeouts are DEADLINE_EXCEEDED, otherwise gRPC's mapping of
    /// HTTP statuses (404 → UNIMPLEMENTED, 502/503/504/429 → UNAVAILABLE, ...).
    /// </summary>
    public static int StatusFor(int httpStatus, ResponseFlags flags)
    {
        if ((flags & ResponseFlags.UpstreamRequestTimeout) != 0)
        {
            return DeadlineExceeded;
        }

        return httpStatus switch
        {
            400 => Internal,
            401 => Unauthenticated,
            403 => PermissionDenied,
            404 => Unimplemented,
            429 or 502 or 503 or 504 => Unavailable,
            _ => Unknown,
        };
    }

    /// <summary>A "trailers-only" response: HTTP 200 whose single header block carries the gRPC status.</summary>
    public static HeaderMap TrailersOnly(int grpcStatus, string message)
    {
        var headers = new HeaderMap(4);
        headers.Set(PseudoHeaders.Status, "200");
        headers.Set("content-type", "application/grpc");
        AddStatus(headers, grpcStatus, message);
        return headers;
    }

    /// <summary>Trailers that end a call whose response had started.</summary>
    public static HeaderMap Trailers(int grpcStatus, string message)
    {
        var trailers = new HeaderMap(2);
        AddStatus(trailers, grpcStatus, message);
        return trailers;
    }

    private static void AddStatus(HeaderMap headers, int grpcStatus, string message)
    {
        headers.Set("grpc-status", grpcStatus.ToString(CultureInfo.InvariantCulture));
        if (message.Length > 0)
        {
            headers.Set("grpc-message", Uri.EscapeDataString(message));
        }
    }
}
