using System.Text;
using Mosn.Abstractions.Protocol;
using Mosn.Streams;

namespace Mosn.Protocols.Http1.Codec;

/// <summary>
/// Decodes request heads strictly (RFC 9112 §3, and the request-smuggling defences of DESIGN.md §5) into a
/// <see cref="HeaderMap"/> with the pseudo headers <c>:method</c>, <c>:path</c>, <c>:authority</c>, <c>:scheme</c>
/// and <c>:protocol-version</c>, then the end-to-end fields in order.
/// </summary>
internal sealed class Http1RequestDecoder(ProtocolOptions options) : Http1HeadDecoder(options)
{
    private const int PathSlot = 0;
    private const int AuthoritySlot = 1;

    private string? _path;
    private string? _targetAuthority;

    /// <summary>The request method (interned when known).</summary>
    public string Method { get; private set; } = string.Empty;

    /// <summary>The request is HEAD (its response has no body).</summary>
    public bool IsHead => ReferenceEquals(Method, KnownMethods.Head);

    /// <summary>The client sent <c>Expect: 100-continue</c> on an HTTP/1.1 request with a body.</summary>
    public bool ExpectContinue { get; private set; }

    /// <inheritdoc />
    protected override bool SkipsEmptyLinesBeforeStartLine => true;

    /// <inheritdoc />
    public override void Reset()
    {
        base.Reset();
        _path = null;
        _targetAuthority = null;
        Method = string.Empty;
        ExpectContinue = false;
    }

    /// <inheritdoc />
    protected override Http1DecodeError ParseStartLine(ReadOnlySpan<byte> line)
    {
        // request-line = method SP request-target SP HTTP-version; exactly one SP each (RFC 9112 §3).
        var sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0)
        {
            return Http1DecodeError.InvalidStartLine;
        }

        var method = line[..sp1];
        if (!HttpChars.IsToken(method))
        {
            return Http1DecodeError.InvalidMethod;
        }

        var rest = line[(sp1 + 1)..];
        var sp2 = rest.IndexOf((byte)' ');
        if (sp2 <= 0)
        {
            return Http1DecodeError.InvalidStartLine;
        }

        var target = rest[..sp2];
        var versionError = HttpVersions.Parse(rest[(sp2 + 1)..], out var isHttp11);
        if (versionError != Http1DecodeError.None)
        {
            return versionError;
        }

        IsHttp11 = isHttp11;
        Method = KnownMethods.GetMethod(method);
        if (ReferenceEquals(Method, KnownMethods.Connect))
        {
            return Http1DecodeError.MethodNotImplemented;
        }

        return ParseTarget(target);
    }

    /// <inheritdoc />
    protected override Http1DecodeError OnHeadComplete()
    {
        var error = Summarize(out var summary);
        if (summary.HasTransferEncoding)
        {
            if (summary.HasContentLength)
            {
                return Http1DecodeError.ContentLengthWithTransferEncoding;
            }

            if (!IsHttp11)
            {
                // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing.
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
        else if (summary.HasContentLength && summary.ContentLength > 0)
        {
            BodyKind = BodyKind.ContentLength;
            ContentLength = summary.ContentLength;
        }

        if (summary.HostCount > 1)
        {
            return Http1DecodeError.MultipleHost;
        }

        if (summary.HostCount == 0 && IsHttp11)
        {
            return Http1DecodeError.MissingHost;
        }

        if (summary.Host is not null && !HttpChars.IsHostValue(summary.Host))
        {
            return Http1DecodeError.InvalidHost;
        }

        if (Options.MaxRequestBodySize > 0 && BodyKind == BodyKind.ContentLength && ContentLength > Options.MaxRequestBodySize)
        {
            return Http1DecodeError.BodyTooLarge;
        }

        KeepAlive = !summary.ConnectionClose && (IsHttp11 || summary.ConnectionKeepAlive);
        ExpectContinue = summary.ExpectContinue && IsHttp11 && BodyKind != BodyKind.None;

        // RFC 9112 §3.2.2: with an absolute-form target the target's authority wins over Host.
        var authority = _targetAuthority ?? summary.Host;
        var map = HeaderMapPool.Rent(FieldCount + 5);
        map.Add(PseudoHeaders.Method, Method);
        map.Add(PseudoHeaders.Path, _path!);
        if (authority is not null)
        {
            map.Add(PseudoHeaders.Authority, authority);
        }

        map.Add(PseudoHeaders.Scheme, Options.Scheme);
        map.Add(PseudoHeaders.Protocol, IsHttp11 ? HttpVersions.Http11 : HttpVersions.Http10);
        AddEndToEndFields(map, summary, dropHostAndExpect: true);
        Headers = map;
        return Http1DecodeError.None;
    }

    private Http1DecodeError ParseTarget(ReadOnlySpan<byte> target)
    {
        if (!HttpChars.IsVisibleAscii(target))
        {
            return Http1DecodeError.InvalidTarget;
        }

        if (target[0] == '/')
        {
            _path = ValueCache.Get(PathSlot, target);
            return Http1DecodeError.None;
        }

        if (target.Length == 1 && target[0] == '*')
        {
            // asterisk-form is only for a server-wide OPTIONS (RFC 9112 §3.2.4).
            if (!ReferenceEquals(Method, KnownMethods.Options))
            {
                return Http1DecodeError.InvalidTarget;
            }

            _path = "*";
            return Http1DecodeError.None;
        }

        return ParseAbsoluteForm(target);
    }

    private Http1DecodeError ParseAbsoluteForm(ReadOnlySpan<byte> target)
    {
        int schemeEnd;
        if (target.Length >= 7 && Ascii.EqualsIgnoreCase(target[..7], "http://"u8))
        {
            schemeEnd = 7;
        }
        else if (target.Length >= 8 && Ascii.EqualsIgnoreCase(target[..8], "https://"u8))
        {
            schemeEnd = 8;
        }
        else
        {
            return Http1DecodeError.InvalidTarget;
        }

        var rest = target[schemeEnd..];
        var authorityEnd = rest.IndexOfAny("/?"u8);
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        if (authority.IsEmpty || authority.Contains((byte)'@'))
        {
            // No userinfo: it is deprecated (RFC 9110 §4.2.4) and a classic host-confusion vector.
            return Http1DecodeError.InvalidTarget;
        }

        _targetAuthority = ValueCache.Get(AuthoritySlot, authority);
        var pathAndQuery = authorityEnd < 0 ? default : rest[authorityEnd..];
        _path = pathAndQuery.IsEmpty ? "/"
            : pathAndQuery[0] == '?' ? string.Concat("/", Encoding.ASCII.GetString(pathAndQuery))
            : Encoding.ASCII.GetString(pathAndQuery);
        return Http1DecodeError.None;
    }
}
