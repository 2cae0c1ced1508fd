using System.Text;

namespace Mosn.Protocols.Http1.Codec;

/// <summary>Parses one <c>field-line = field-name ":" OWS field-value OWS</c> (RFC 9112 §5), strictly.</summary>
internal static class FieldLineParser
{
    /// <summary>
    /// Parses <paramref name="line"/> (without CRLF). Returns <see cref="Http1DecodeError.None"/> and the name (lower
    /// case, interned when common) and the trimmed value, or the reason the line is invalid.
    /// </summary>
    public static Http1DecodeError Parse(ReadOnlySpan<byte> line, out string name, out string value)
    {
        var error = ParseRaw(line, out name, out var rawValue);
        value = error != Http1DecodeError.None || rawValue.IsEmpty ? string.Empty : Encoding.Latin1.GetString(rawValue);
        return error;
    }

    /// <summary>
    /// Parses <paramref name="line"/> (without CRLF) like <see cref="Parse(ReadOnlySpan{byte}, out string, out string)"/>,
    /// but leaves the trimmed, validated value as bytes (a slice of <paramref name="line"/>) for the caller to decode.
    /// </summary>
    public static Http1DecodeError ParseRaw(ReadOnlySpan<byte> line, out string name, out ReadOnlySpan<byte> value)
    {
        name = string.Empty;
        value = default;
        if (line[0] is (byte)' ' or (byte)'\t')
        {
            // obs-fold (RFC 9112 §5.2), or whitespace between the start line and the first field (§2.2): both rejected.
            return Http1DecodeError.ObsFold;
        }

        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return Http1DecodeError.InvalidHeaderName;
        }

        var rawName = line[..colon];
        if (rawName[^1] is (byte)' ' or (byte)'\t')
        {
            // RFC 9112 §5.1: a server MUST reject whitespace between the field name and the colon.
            return Http1DecodeError.WhitespaceBeforeColon;
        }

        if (!HttpChars.IsToken(rawName))
        {
            return Http1DecodeError.InvalidHeaderName;
        }

        // OWS around the value (SP / HTAB only), trimmed by hand: the generic Trim(span) probes a set per byte.
        var start = colon + 1;
        var end = line.Length;
        while (start < end && line[start] is (byte)' ' or (byte)'\t')
        {
            start++;
        }

        while (end > start && line[end - 1] is (byte)' ' or (byte)'\t')
        {
            end--;
        }

        var rawValue = line[start..end];
        if (!HttpChars.IsFieldValue(rawValue))
        {
            return Http1DecodeError.InvalidHeaderValue;
        }

        name = KnownHeaders.GetName(rawName);
        value = rawValue;
        return Http1DecodeError.None;
    }
}
