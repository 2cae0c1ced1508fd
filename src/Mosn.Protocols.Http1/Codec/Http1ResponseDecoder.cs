using Mosn.Abstractions.Protocol;
using Mosn.Streams;

namespace Mosn.Protocols.Http1.Codec;

/// <summary>
/// Decodes response heads strictly (RFC 9112 §4) into a <see cref="HeaderMap"/> with <c>:status</c> first, then the
/// end-to-end fields. Framing follows RFC 9112 §6.3, except that a transfer coding other than chunked is rejected
/// (the proxy could not re-frame it) rather than read until close.
/// </summary>
internal sealed class Http1ResponseDecoder(ProtocolOptions options) : Http1HeadDecoder(options)
{
    private static readonly string[] s_statusStrings = [.. Enumerable.Range(0, 600).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The request was HEAD, so the response has no body whatever its fields say. Set before parsing.</summary>
    public bool RequestIsHead { get; set; }

    /// <summary>The status code.</summary>
    public int StatusCode { get; private set; }

    /// <summary>A 1xx interim response (skipped by the client; 101 is rejected).</summary>
    public bool IsInformational => StatusCode < 200;

    /// <inheritdoc />
    public override void Reset()
    {
        base.Reset();
        StatusCode = 0;
    }

    /// <inheritdoc />
    protected override Http1DecodeError ParseStartLine(ReadOnlySpan<byte> line)
    {
        // status-line = HTTP-version SP status-code SP [ reason-phrase ]; a missing final SP is tolerated.
        if (line.Length < 12 || line[8] != ' ')
        {
            return Http1DecodeError.InvalidStartLine;
        }

        var versionError = HttpVersions.Parse(line[..8], out var isHttp11);
        if (versionError != Http1DecodeError.None)
        {
            return versionError;
        }

        IsHttp11 = isHttp11;
        var code = line.Slice(9, 3);
        if (code.ContainsAnyExceptInRange((byte)'0', (byte)'9') || code[0] == '0')
        {
            return Http1DecodeError.InvalidStatus;
        }

        StatusCode = ((code[0] - '0') * 100) + ((code[1] - '0') * 10) + (code[2] - '0');
        if (line.Length > 12 && (line[12] != ' ' || !HttpChars.IsFieldValue(line[13..])))
        {
            return Http1DecodeError.InvalidStartLine;
        }

        return Http1DecodeError.None;
    }

    /// <inheritdoc />
    protected override Http1DecodeError OnHeadComplete()
    {
        var error = Summarize(out var summary);
        if (StatusCode == 101)
        {
            return Http1DecodeError.UnsupportedUpgrade;
        }

        if (IsInformational)
        {
            return Http1DecodeError.None;
        }

        if (RequestIsHead || StatusCode is 204 or 304)
        {
            BodyKind = BodyKind.None;
        }
        else if (summary.HasTransferEncoding)
        {
            if (summary.HasContentLength)
            {
                return Http1DecodeError.ContentLengthWithTransferEncoding;
            }

            if (!IsHttp11)
            {
                return Http1DecodeError.InvalidTransferEncoding;
            }

            if (summary.TransferEncodingError != Http1DecodeError.None)
            {
                return summary.TransferEncodingError;
            }

            BodyKind = BodyKind.Chunked;
        }
        else if (error != Http1DecodeError.None)
        {
            return error;
        }
        else if (summary.HasContentLength)
        {
            BodyKind = summary.ContentLength > 0 ? BodyKind.ContentLength : BodyKind.None;
            ContentLength = summary.ContentLength;
        }
        else
        {
            BodyKind = BodyKind.UntilClose;
        }

        KeepAlive = !summary.ConnectionClose && (IsHttp11 || summary.ConnectionKeepAlive) && BodyKind != BodyKind.UntilClose;
        var map = HeaderMapPool.Rent(FieldCount + 1);
        map.Add(PseudoHeaders.Status, StatusCode < s_statusStrings.Length ? s_statusStrings[StatusCode] : StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AddEndToEndFields(map, summary, dropHostAndExpect: false);
        Headers = map;
        return Http1DecodeError.None;
    }
}
