using System.Buffers;

namespace Mosn.Protocols.Http1.Codec;

/// <summary>Byte classes of RFC 9110 §5.6.2 (tokens) and §5.5 (field values), as vectorized <see cref="SearchValues{T}"/>.</summary>
internal static class HttpChars
{
    /// <summary>tchar: <c>! # $ % &amp; ' * + - . ^ _ ` | ~</c>, digits and letters.</summary>
    private static readonly SearchValues<byte> s_tokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>Bytes never allowed in a field value: controls other than HTAB (CR, LF and NUL among them), and DEL.</summary>
    private static readonly SearchValues<byte> s_invalidValueChars = SearchValues.Create(BuildInvalidValueChars());

    /// <summary>Bytes never allowed in a Host value besides the field-value rules: whitespace and URI delimiters.</summary>
    private static readonly SearchValues<byte> s_invalidHostChars = SearchValues.Create(" \t/?#@\\\"<>{}|^`"u8);

    /// <summary>SP and HTAB (optional whitespace).</summary>
    public static ReadOnlySpan<byte> Whitespace => " \t"u8;

    /// <summary>True when <paramref name="value"/> is a non-empty token.</summary>
    public static bool IsToken(ReadOnlySpan<byte> value) => !value.IsEmpty && !value.ContainsAnyExcept(s_tokenChars);

    /// <summary>True when <paramref name="value"/> holds only field-vchar, obs-text, SP and HTAB.</summary>
    public static bool IsFieldValue(ReadOnlySpan<byte> value) => !value.ContainsAny(s_invalidValueChars);

    /// <summary>True when <paramref name="value"/> holds only visible ASCII (request targets, RFC 3986).</summary>
    public static bool IsVisibleAscii(ReadOnlySpan<byte> value) => !value.ContainsAnyExceptInRange((byte)0x21, (byte)0x7E);

    /// <summary>True when <paramref name="value"/> could be an authority (<c>host[:port]</c>); empty is allowed (RFC 9112 §3.2).</summary>
    public static bool IsHostValue(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c <= 0x20 || c >= 0x7F || s_invalidHostChars.Contains((byte)c))
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] BuildInvalidValueChars()
    {
        var bytes = new List<byte>();
        for (var b = 0; b < 0x20; b++)
        {
            if (b != '\t')
            {
                bytes.Add((byte)b);
            }
        }

        bytes.Add(0x7F);
        return [.. bytes];
    }
}
