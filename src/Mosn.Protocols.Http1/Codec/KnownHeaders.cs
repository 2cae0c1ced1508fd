using System.Text;

namespace Mosn.Protocols.Http1.Codec;

/// <summary>
/// Header names the codec treats specially, and a static table of common names so that decoding them allocates no
/// string. Names are normalized to lower case (as Envoy and HTTP/2 do); the returned instances are shared, so
/// reference comparison with the constants below is valid for decoded names.
/// </summary>
internal static class KnownHeaders
{
    public const string Host = "host";
    public const string ContentLength = "content-length";
    public const string TransferEncoding = "transfer-encoding";
    public const string Connection = "connection";
    public const string KeepAlive = "keep-alive";
    public const string ProxyConnection = "proxy-connection";
    public const string Upgrade = "upgrade";
    public const string Te = "te";
    public const string Trailer = "trailer";
    public const string Expect = "expect";

    private const int MaxStackName = 256;

    private static readonly string[] s_common =
    [
        Host, ContentLength, TransferEncoding, Connection, KeepAlive, ProxyConnection, Upgrade, Te, Trailer, Expect,
        "accept", "accept-charset", "accept-encoding", "accept-language", "accept-ranges", "access-control-allow-origin",
        "access-control-allow-headers", "access-control-allow-methods", "access-control-request-method",
        "access-control-request-headers", "age", "allow", "authorization", "cache-control", "content-disposition",
        "content-encoding", "content-language", "content-location", "content-range", "content-type", "cookie", "date",
        "dnt", "etag", "expires", "forwarded", "from", "if-match", "if-modified-since", "if-none-match", "if-range",
        "if-unmodified-since", "last-modified", "link", "location", "max-forwards", "origin", "pragma",
        "proxy-authenticate", "proxy-authorization", "range", "referer", "retry-after", "sec-ch-ua", "sec-ch-ua-mobile",
        "sec-ch-ua-platform", "sec-fetch-dest", "sec-fetch-mode", "sec-fetch-site", "sec-fetch-user", "server",
        "set-cookie", "strict-transport-security", "upgrade-insecure-requests", "user-agent", "vary", "via",
        "www-authenticate", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip", "x-request-id",
        "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "traceparent", "tracestate",
        "grpc-status", "grpc-message", "grpc-encoding", "grpc-accept-encoding", "grpc-timeout", "x-envoy-original-path",
    ];

    /// <summary>Common names grouped by length, so a lookup compares a handful of candidates.</summary>
    private static readonly string[][] s_byLength = BuildTable();

    /// <summary>Returns the lower-case name for <paramref name="name"/> (a validated token): an interned instance when common.</summary>
    public static string GetName(ReadOnlySpan<byte> name)
    {
        if (!name.IsEmpty && name.Length < s_byLength.Length)
        {
            // Names are tokens: OR-ing 0x20 lower-cases a letter and leaves the other token characters distinct enough
            // for a pre-check (the full comparison decides).
            var first = (char)(name[0] | 0x20);
            foreach (var candidate in s_byLength[name.Length])
            {
                if (candidate[0] == first && Ascii.EqualsIgnoreCase(name, candidate))
                {
                    return candidate;
                }
            }
        }

        var rented = name.Length <= MaxStackName ? null : new char[name.Length];
        Span<char> chars = rented ?? stackalloc char[MaxStackName];
        Ascii.ToLower(name, chars, out var written);
        return new string(chars[..written]);
    }

    /// <summary>
    /// True for the connection-specific fields RFC 9110 §7.6.1 forbids forwarding: Connection, Keep-Alive,
    /// Proxy-Connection, Transfer-Encoding, Upgrade, and TE unless its value is exactly <c>trailers</c>.
    /// </summary>
    public static bool IsHopByHop(string name, string value) =>
        name.Length switch
        {
            2 => string.Equals(name, Te, StringComparison.OrdinalIgnoreCase) && !string.Equals(value.Trim(), "trailers", StringComparison.OrdinalIgnoreCase),
            7 => string.Equals(name, Upgrade, StringComparison.OrdinalIgnoreCase),
            10 => string.Equals(name, Connection, StringComparison.OrdinalIgnoreCase) || string.Equals(name, KeepAlive, StringComparison.OrdinalIgnoreCase),
            16 => string.Equals(name, ProxyConnection, StringComparison.OrdinalIgnoreCase),
            17 => string.Equals(name, TransferEncoding, StringComparison.OrdinalIgnoreCase),
            _ => false,
        };

    /// <summary>True for fields a trailer section must not carry (framing, routing and connection fields, RFC 9110 §6.5.1).</summary>
    public static bool IsForbiddenTrailer(string name, string value) =>
        IsHopByHop(name, value)
        || string.Equals(name, ContentLength, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, Host, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, Trailer, StringComparison.OrdinalIgnoreCase);

    private static string[][] BuildTable()
    {
        var max = s_common.Max(n => n.Length);
        var table = new string[max + 1][];
        for (var length = 0; length <= max; length++)
        {
            table[length] = [.. s_common.Where(n => n.Length == length)];
        }

        return table;
    }
}
