using Mosn.Abstractions.Protocol;
using Mosn.Protocols.Http2.HPack;

namespace Mosn.Protocols.Http2.Messages;

/// <summary>
/// Encodes a protocol-independent <see cref="IHeaderMap"/> as an HTTP/2 field block: the pseudo-header fields first,
/// in the order RFC 9113 §8.3 lists them, then the regular fields lowercased, without the connection-specific fields an
/// HTTP/1 hop may have left (<c>connection</c>, <c>keep-alive</c>, <c>proxy-connection</c>, <c>transfer-encoding</c>,
/// <c>upgrade</c>, <c>host</c>, <c>te</c> other than "trailers") and without values HTTP/2 cannot carry.
/// </summary>
internal static class HeaderBlockWriter
{
    /// <summary>Encodes request headers. <c>:scheme</c> defaults to "http"; <c>:authority</c> falls back to <c>host</c>.</summary>
    public static void WriteRequest(HPackEncoder encoder, IHeaderMap headers, IBufferWriter<byte> output)
    {
        encoder.BeginHeaderBlock(output);
        var method = headers.Get(PseudoHeaders.Method) ?? "GET";
        encoder.EncodeHeader(":method", method, HPackIndexing.Auto, output);
        encoder.EncodeHeader(":scheme", headers.Get(PseudoHeaders.Scheme) ?? "http", HPackIndexing.Auto, output);
        var authority = headers.Get(PseudoHeaders.Authority) ?? headers.Get("host");
        if (!string.IsNullOrEmpty(authority))
        {
            encoder.EncodeHeader(":authority", authority, HPackIndexing.Auto, output);
        }

        encoder.EncodeHeader(":path", headers.Get(PseudoHeaders.Path) ?? "/", HPackIndexing.Auto, output);
        WriteRegular(encoder, headers, output, trailers: false);
    }

    /// <summary>Encodes response headers (<c>:status</c> first).</summary>
    public static void WriteResponse(HPackEncoder encoder, IHeaderMap headers, IBufferWriter<byte> output)
    {
        encoder.BeginHeaderBlock(output);
        encoder.EncodeHeader(":status", headers.Get(PseudoHeaders.Status) ?? "200", HPackIndexing.Auto, output);
        WriteRegular(encoder, headers, output, trailers: false);
    }

    /// <summary>Encodes trailers (no pseudo-header fields).</summary>
    public static void WriteTrailers(HPackEncoder encoder, IHeaderMap trailers, IBufferWriter<byte> output)
    {
        encoder.BeginHeaderBlock(output);
        WriteRegular(encoder, trailers, output, trailers: true);
    }

    private static void WriteRegular(HPackEncoder encoder, IHeaderMap headers, IBufferWriter<byte> output, bool trailers)
    {
        // By index: a foreach through IHeaderMap would box the map's struct enumerator on every message.
        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];
            if (name.Length == 0 || name[0] == ':' || IsDropped(name, value, trailers) || !IsSendable(value))
            {
                continue;
            }

            encoder.EncodeHeader(name, value, HPackIndexing.Auto, output);
        }
    }

    private static bool IsDropped(string name, string value, bool trailers) => name.Length switch
    {
        2 => name.Equals("te", StringComparison.OrdinalIgnoreCase) && (trailers || !value.Trim().Equals("trailers", StringComparison.OrdinalIgnoreCase)),
        4 => name.Equals("host", StringComparison.OrdinalIgnoreCase),
        7 => name.Equals("upgrade", StringComparison.OrdinalIgnoreCase) || (trailers && name.Equals("trailer", StringComparison.OrdinalIgnoreCase)),
        10 => name.Equals("connection", StringComparison.OrdinalIgnoreCase) || name.Equals("keep-alive", StringComparison.OrdinalIgnoreCase),
        14 => trailers && name.Equals("content-length", StringComparison.OrdinalIgnoreCase),
        16 => name.Equals("proxy-connection", StringComparison.OrdinalIgnoreCase),
        17 => name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private static bool IsSendable(string value) => value.AsSpan().IndexOfAny('\r', '\n', '\0') < 0;
}
