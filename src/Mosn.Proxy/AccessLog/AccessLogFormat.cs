using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;

namespace Mosn.Proxy.AccessLog;

/// <summary>
/// A parsed MOSN <c>log_format</c>: literal text with <c>%variable%</c> placeholders, e.g.
/// <c>"%start_time% %protocol% %response_code% %REQ.service%"</c>. Immutable and thread-safe once parsed.
/// </summary>
/// <remarks>
/// <para>Syntax (MOSN's <c>pkg/log/accesslog.go</c>): text between two <c>%</c> is a variable name; everything else is
/// copied as is; <c>\%</c> writes a literal <c>%</c>. An empty name (<c>%%</c>), an unclosed <c>%</c> and an unknown
/// name are errors. An empty format means MOSN's default format (<see cref="DefaultFormat"/>).</para>
/// <para>Names: MOSN's variables (<c>start_time</c>, <c>request_received_duration</c>, ...), their MOSN 0.x CamelCase
/// spellings (<c>StartTime</c>, ..., <c>UpstreamHostSelected</c>), and header variables with a prefix:
/// <c>REQ.</c> or <c>request_header_</c> for a request header, <c>RESP.</c> or <c>response_header_</c> for a response
/// header. A value that is not known (no upstream host, a missing header) is written as <c>-</c>.</para>
/// </remarks>
internal sealed class AccessLogFormat
{
    /// <summary>MOSN's default format (<c>types.DefaultAccessLogFormat</c>), used when <c>log_format</c> is empty.</summary>
    public const string DefaultFormat = "%start_time% %request_received_duration% %response_received_duration% %bytes_sent% " +
        "%bytes_received% %protocol% %response_code% %duration% %response_flag% %response_code% %upstream_local_address% " +
        "%downstream_local_address% %downstream_remote_address% %upstream_host%";

    /// <summary>What an unknown value is written as (MOSN's <c>variable.ValueNotFound</c>).</summary>
    public const string NotFound = "-";

    private const char NotFoundChar = '-';

    private static readonly (string Prefix, AccessLogVariable Variable)[] s_prefixes =
    [
        ("REQ.", AccessLogVariable.RequestHeader),
        ("request_header_", AccessLogVariable.RequestHeader),
        ("RESP.", AccessLogVariable.ResponseHeader),
        ("response_header_", AccessLogVariable.ResponseHeader),
    ];

    private readonly AccessLogSegment[] _segments;

    private AccessLogFormat(AccessLogSegment[] segments) => _segments = segments;

    /// <summary>Variable names (case-sensitive, as in MOSN) → what they write.</summary>
    public static FrozenDictionary<string, AccessLogVariable> Variables { get; } = new Dictionary<string, AccessLogVariable>
    {
        ["start_time"] = AccessLogVariable.StartTime,
        ["request_received_duration"] = AccessLogVariable.RequestReceivedDuration,
        ["response_received_duration"] = AccessLogVariable.ResponseReceivedDuration,
        ["request_finished_duration"] = AccessLogVariable.RequestFinishedDuration,
        ["duration"] = AccessLogVariable.Duration,
        ["bytes_sent"] = AccessLogVariable.BytesSent,
        ["bytes_received"] = AccessLogVariable.BytesReceived,
        ["protocol"] = AccessLogVariable.Protocol,
        ["response_code"] = AccessLogVariable.ResponseCode,
        ["response_flag"] = AccessLogVariable.ResponseFlags,
        ["response_flags"] = AccessLogVariable.ResponseFlags,
        ["upstream_local_address"] = AccessLogVariable.UpstreamLocalAddress,
        ["upstream_remote_address"] = AccessLogVariable.UpstreamRemoteAddress,
        ["upstream_host"] = AccessLogVariable.UpstreamHost,
        ["upstream_cluster"] = AccessLogVariable.UpstreamCluster,
        ["downstream_local_address"] = AccessLogVariable.DownstreamLocalAddress,
        ["downstream_remote_address"] = AccessLogVariable.DownstreamRemoteAddress,

        // MOSN 0.x names (its pkg/log README still shows them).
        ["StartTime"] = AccessLogVariable.StartTime,
        ["RequestReceivedDuration"] = AccessLogVariable.RequestReceivedDuration,
        ["ResponseReceivedDuration"] = AccessLogVariable.ResponseReceivedDuration,
        ["BytesSent"] = AccessLogVariable.BytesSent,
        ["BytesReceived"] = AccessLogVariable.BytesReceived,
        ["Protocol"] = AccessLogVariable.Protocol,
        ["ResponseCode"] = AccessLogVariable.ResponseCode,
        ["Duration"] = AccessLogVariable.Duration,
        ["ResponseFlag"] = AccessLogVariable.ResponseFlags,
        ["UpstreamLocalAddress"] = AccessLogVariable.UpstreamLocalAddress,
        ["DownstreamLocalAddress"] = AccessLogVariable.DownstreamLocalAddress,
        ["DownstreamRemoteAddress"] = AccessLogVariable.DownstreamRemoteAddress,
        ["UpstreamHostSelected"] = AccessLogVariable.UpstreamHost,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The parsed pieces, in order.</summary>
    public IReadOnlyList<AccessLogSegment> Segments => _segments;

    /// <summary>
    /// Parses <paramref name="format"/> (null or empty: <see cref="DefaultFormat"/>). Returns false with a message for
    /// the operator when the syntax is wrong or a variable is unknown.
    /// </summary>
    public static bool TryParse(string? format, [NotNullWhen(true)] out AccessLogFormat? result, [NotNullWhen(false)] out string? error)
    {
        if (string.IsNullOrEmpty(format))
        {
            format = DefaultFormat;
        }

        var segments = new List<AccessLogSegment>();
        var text = new StringBuilder();
        result = null;
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i];
            if (c == '\\' && i + 1 < format.Length && format[i + 1] == '%')
            {
                text.Append('%');
                i += 2;
                continue;
            }

            if (c != '%')
            {
                text.Append(c);
                i++;
                continue;
            }

            var end = format.IndexOf('%', i + 1);
            if (end < 0)
            {
                error = $"unclosed variable at offset {i}: \"{format[i..]}\" (write \\% for a literal %)";
                return false;
            }

            if (end == i + 1)
            {
                error = $"empty variable \"%%\" at offset {i} (write \\% for a literal %)";
                return false;
            }

            var name = format[(i + 1)..end];
            if (!TryResolve(name, out var segment))
            {
                error = $"unknown variable \"%{name}%\" (known: {string.Join(", ", Variables.Keys.Where(k => char.IsLower(k[0])).Order(StringComparer.Ordinal))}, and headers as REQ.NAME, RESP.NAME, request_header_NAME, response_header_NAME)";
                return false;
            }

            if (text.Length > 0)
            {
                segments.Add(new AccessLogSegment(AccessLogVariable.Literal, text.ToString()));
                text.Clear();
            }

            segments.Add(segment);
            i = end + 1;
        }

        if (text.Length > 0)
        {
            segments.Add(new AccessLogSegment(AccessLogVariable.Literal, text.ToString()));
        }

        result = new AccessLogFormat([.. segments]);
        error = null;
        return true;
    }

    private static bool TryResolve(string name, out AccessLogSegment segment)
    {
        if (Variables.TryGetValue(name, out var variable))
        {
            segment = new AccessLogSegment(variable);
            return true;
        }

        foreach (var (prefix, headerVariable) in s_prefixes)
        {
            if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal))
            {
                segment = new AccessLogSegment(headerVariable, name[prefix.Length..]);
                return true;
            }
        }

        segment = default;
        return false;
    }

    /// <summary>Appends the line for <paramref name="entry"/> (without the line end) to <paramref name="builder"/>.</summary>
    public void Format(in AccessLogEntry entry, StringBuilder builder)
    {
        var info = entry.Info;
        foreach (var segment in _segments)
        {
            switch (segment.Variable)
            {
                case AccessLogVariable.Literal:
                    builder.Append(segment.Text);
                    break;
                case AccessLogVariable.StartTime:
                    builder.Append(CultureInfo.InvariantCulture, $"{info.StartTime.ToLocalTime():yyyy/MM/dd HH:mm:ss.fff}");
                    break;
                case AccessLogVariable.RequestReceivedDuration:
                    AppendDuration(builder, entry.RequestReceivedDuration);
                    break;
                case AccessLogVariable.ResponseReceivedDuration:
                    AppendDuration(builder, entry.ResponseReceivedDuration);
                    break;
                case AccessLogVariable.RequestFinishedDuration:
                case AccessLogVariable.Duration:
                    GoDurationFormatter.Append(builder, entry.RequestFinishedDuration);
                    break;
                case AccessLogVariable.BytesSent:
                    builder.Append(info.BytesSent);
                    break;
                case AccessLogVariable.BytesReceived:
                    builder.Append(info.BytesReceived);
                    break;
                case AccessLogVariable.Protocol:
                    AppendValue(builder, info.Protocol);
                    break;
                case AccessLogVariable.ResponseCode:
                    builder.Append(info.ResponseCode);
                    break;
                case AccessLogVariable.ResponseFlags:
                    ResponseFlagCodes.Append(builder, info.ResponseFlags);
                    break;
                case AccessLogVariable.UpstreamLocalAddress:
                    AppendAddress(builder, info.UpstreamLocalAddress);
                    break;
                case AccessLogVariable.UpstreamRemoteAddress:
                    AppendValue(builder, info.UpstreamHost?.Address);
                    break;
                case AccessLogVariable.UpstreamHost:
                    AppendValue(builder, info.UpstreamHost is { } host ? (string.IsNullOrEmpty(host.Hostname) ? host.Address : host.Hostname) : null);
                    break;
                case AccessLogVariable.UpstreamCluster:
                    AppendValue(builder, info.UpstreamHost?.Cluster.Name);
                    break;
                case AccessLogVariable.DownstreamLocalAddress:
                    AppendAddress(builder, entry.DownstreamLocalAddress ?? info.DownstreamLocalAddress);
                    break;
                case AccessLogVariable.DownstreamRemoteAddress:
                    AppendAddress(builder, info.DownstreamRemoteAddress);
                    break;
                case AccessLogVariable.RequestHeader:
                    AppendHeader(builder, entry.RequestHeaders, segment.Text!);
                    break;
                case AccessLogVariable.ResponseHeader:
                    AppendHeader(builder, entry.ResponseHeaders, segment.Text!);
                    break;
            }
        }
    }

    private static void AppendDuration(StringBuilder builder, TimeSpan? value)
    {
        if (value is { } v)
        {
            GoDurationFormatter.Append(builder, v);
        }
        else
        {
            builder.Append(NotFoundChar);
        }
    }

    private static void AppendAddress(StringBuilder builder, EndPoint? address)
    {
        switch (address)
        {
            case null:
                builder.Append(NotFoundChar);
                break;
            case IPEndPoint ip:
                // IPv4-mapped IPv6 addresses of dual-mode sockets are written as the IPv4 address they are.
                var a = ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address;
                builder.Append(a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{a}]" : a.ToString()).Append(':').Append(ip.Port);
                break;
            default:
                AppendValue(builder, address.ToString());
                break;
        }
    }

    private static void AppendHeader(StringBuilder builder, IHeaderMap? headers, string name)
    {
        if (headers is not null && headers.TryGet(name, out var value))
        {
            AppendValue(builder, value);
        }
        else
        {
            builder.Append(NotFoundChar);
        }
    }

    // Control characters are escaped (\xHH) so a value can never break a line or forge another one.
    private static void AppendValue(StringBuilder builder, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            builder.Append(NotFoundChar);
            return;
        }

        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c != 0x7f)
            {
                continue;
            }

            builder.Append(value, start, i - start).Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            start = i + 1;
        }

        builder.Append(value, start, value.Length - start);
    }
}
