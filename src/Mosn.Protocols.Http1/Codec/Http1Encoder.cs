using System.Buffers;
using System.Text;
using Mosn.Abstractions.Protocol;

namespace Mosn.Protocols.Http1.Codec;

/// <summary>
/// Writes HTTP/1.1 message parts straight into a connection's send buffer (<see cref="IBufferWriter{T}"/>): start
/// lines, fields, chunk framing. Values are encoded as Latin-1, the byte-preserving inverse of the decoder.
/// </summary>
internal static class Http1Encoder
{
    private const int MinCachedStatus = 100;

    /// <summary>The status lines of 100–599, encoded once.</summary>
    private static readonly byte[][] s_statusLines = [.. Enumerable.Range(MinCachedStatus, 500).Select(FormatStatusLine)];

    /// <summary>The interim response sent for <c>Expect: 100-continue</c>.</summary>
    public static ReadOnlySpan<byte> Continue => "HTTP/1.1 100 Continue\r\n\r\n"u8;

    /// <summary>Writes <c>HTTP/1.1 &lt;status&gt; &lt;reason&gt;CRLF</c>.</summary>
    public static void WriteStatusLine(IBufferWriter<byte> writer, int status)
    {
        if ((uint)(status - MinCachedStatus) < (uint)s_statusLines.Length)
        {
            writer.Write(s_statusLines[status - MinCachedStatus]);
            return;
        }

        writer.Write(FormatStatusLine(status));
    }

    /// <summary>Writes <c>METHOD SP target SP HTTP/1.1 CRLF</c>.</summary>
    public static void WriteRequestLine(IBufferWriter<byte> writer, string method, string target)
    {
        var version = " HTTP/1.1\r\n"u8;
        var span = writer.GetSpan(method.Length + target.Length + 1 + version.Length);
        var written = Encoding.Latin1.GetBytes(method, span);
        span[written++] = (byte)' ';
        written += Encoding.Latin1.GetBytes(target, span[written..]);
        version.CopyTo(span[written..]);
        writer.Advance(written + version.Length);
    }

    /// <summary>Writes one <c>name: value CRLF</c> (into one reserved span).</summary>
    public static void WriteField(IBufferWriter<byte> writer, string name, string value)
    {
        var span = writer.GetSpan(name.Length + value.Length + 4);
        var written = Encoding.Latin1.GetBytes(name, span);
        span[written++] = (byte)':';
        span[written++] = (byte)' ';
        written += Encoding.Latin1.GetBytes(value, span[written..]);
        span[written++] = (byte)'\r';
        span[written++] = (byte)'\n';
        writer.Advance(written);
    }

    /// <summary>Writes <c>Content-Length: n CRLF</c>.</summary>
    public static void WriteContentLength(IBufferWriter<byte> writer, long length)
    {
        WriteAscii(writer, "Content-Length: "u8);
        WriteInteger(writer, length);
        WriteAscii(writer, "\r\n"u8);
    }

    /// <summary>
    /// Writes the end-to-end fields of <paramref name="headers"/>: skips pseudo headers, hop-by-hop fields, fields the
    /// map's own Connection header nominates, Content-Length (the caller writes framing), Host when
    /// <paramref name="skipHost"/>, and any value holding CR, LF or NUL (header injection from a non-HTTP/1 peer).
    /// </summary>
    public static void WriteFields(IBufferWriter<byte> writer, IHeaderMap headers, bool skipHost, bool trailers = false)
    {
        var connection = headers.Get(KnownHeaders.Connection);
        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];
            WriteFieldIfEndToEnd(writer, name, value, connection, skipHost, trailers);
        }
    }

    /// <summary>Writes a chunk header: the size in hex and CRLF.</summary>
    public static void WriteChunkHeader(IBufferWriter<byte> writer, long size)
    {
        var span = writer.GetSpan(18);
        size.TryFormat(span, out var written, "X", provider: null);
        span[written++] = (byte)'\r';
        span[written++] = (byte)'\n';
        writer.Advance(written);
    }

    /// <summary>Writes a sequence of bytes.</summary>
    public static void WriteBytes(IBufferWriter<byte> writer, in ReadOnlySequence<byte> data)
    {
        if (data.IsSingleSegment)
        {
            writer.Write(data.FirstSpan);
            return;
        }

        foreach (var segment in data)
        {
            writer.Write(segment.Span);
        }
    }

    /// <summary>Writes ASCII bytes.</summary>
    public static void WriteAscii(IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes) => writer.Write(bytes);

    /// <summary>Writes a non-negative integer in decimal.</summary>
    public static void WriteInteger(IBufferWriter<byte> writer, long value)
    {
        var span = writer.GetSpan(20);
        value.TryFormat(span, out var written, default, provider: null);
        writer.Advance(written);
    }

    private static byte[] FormatStatusLine(int status) =>
        Encoding.Latin1.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {ReasonPhrases.Get(status)}\r\n"));

    private static void WriteFieldIfEndToEnd(IBufferWriter<byte> writer, string name, string value, string? connection, bool skipHost, bool trailers)
    {
        if (name.Length == 0 || name[0] == ':'
            || KnownHeaders.IsHopByHop(name, value)
            || string.Equals(name, KnownHeaders.ContentLength, StringComparison.OrdinalIgnoreCase)
            || (skipHost && string.Equals(name, KnownHeaders.Host, StringComparison.OrdinalIgnoreCase))
            || (trailers && KnownHeaders.IsForbiddenTrailer(name, value))
            || (connection is not null && ListTokens.Contains(connection, name))
            || value.AsSpan().ContainsAny('\r', '\n', '\0'))
        {
            return;
        }

        WriteField(writer, name, value);
    }
}
