namespace Mosn.Protocols.Http1.Codec;

/// <summary>HTTP-version tokens (RFC 9112 §2.3).</summary>
internal static class HttpVersions
{
    public const string Http10 = "HTTP/1.0";
    public const string Http11 = "HTTP/1.1";

    /// <summary>Parses an HTTP-version: 1.1 or 1.0, else <see cref="Http1DecodeError.UnsupportedVersion"/> for a well-formed other version, else <see cref="Http1DecodeError.InvalidStartLine"/>.</summary>
    public static Http1DecodeError Parse(ReadOnlySpan<byte> version, out bool isHttp11)
    {
        isHttp11 = version.SequenceEqual("HTTP/1.1"u8);
        if (isHttp11 || version.SequenceEqual("HTTP/1.0"u8))
        {
            return Http1DecodeError.None;
        }

        // HTTP-version = "HTTP" "/" DIGIT "." DIGIT
        return version.Length == 8 && version.StartsWith("HTTP/"u8) && char.IsAsciiDigit((char)version[5]) && version[6] == '.' && char.IsAsciiDigit((char)version[7])
            ? Http1DecodeError.UnsupportedVersion
            : Http1DecodeError.InvalidStartLine;
    }
}
