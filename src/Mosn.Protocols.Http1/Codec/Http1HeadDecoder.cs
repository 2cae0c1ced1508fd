using System.Buffers;
using Mosn.Abstractions.Protocol;
using Mosn.Streams;

namespace Mosn.Protocols.Http1.Codec;

/// <summary>
/// Incremental parser of a message head (start line and header section, RFC 9112 §2–§5), shared by requests and
/// responses. Each complete line is consumed as soon as it is parsed, so a head that arrives in pieces is never
/// re-scanned; a line split across segments is copied into a pooled scratch buffer (the only copy).
/// </summary>
/// <remarks>Not thread-safe: owned by one stream connection and driven from its read loop.</remarks>
internal abstract class Http1HeadDecoder
{
    private readonly List<KeyValuePair<string, string>> _fields = new(16);
    private readonly HeaderValueCache _values = new();
    private bool _startLineParsed;
    private int _headerBytes;

    /// <summary>Creates a decoder enforcing the limits of <paramref name="options"/>.</summary>
    protected Http1HeadDecoder(ProtocolOptions options) => Options = options;

    /// <summary>Why the last <see cref="Parse"/> returned <see cref="HeadStatus.Error"/>.</summary>
    public Http1DecodeError Error { get; private set; }

    /// <summary>The message is HTTP/1.1 (else HTTP/1.0). Valid once the start line is parsed.</summary>
    public bool IsHttp11 { get; private protected set; }

    /// <summary>How the body is delimited. Valid after <see cref="HeadStatus.Complete"/>.</summary>
    public BodyKind BodyKind { get; private protected set; }

    /// <summary>Body length when <see cref="BodyKind"/> is <see cref="Codec.BodyKind.ContentLength"/>.</summary>
    public long ContentLength { get; private protected set; }

    /// <summary>The connection stays open after this message. Valid after <see cref="HeadStatus.Complete"/>.</summary>
    public bool KeepAlive { get; private protected set; }

    /// <summary>The decoded headers (pseudo headers first, hop-by-hop fields removed). Valid after <see cref="HeadStatus.Complete"/>.</summary>
    public HeaderMap? Headers { get; private protected set; }

    /// <summary>Whether empty lines before the start line are skipped (requests) or rejected (responses).</summary>
    protected virtual bool SkipsEmptyLinesBeforeStartLine => false;

    /// <summary>The limits in force.</summary>
    protected ProtocolOptions Options { get; }

    /// <summary>
    /// Parses as much of the head as <paramref name="input"/> holds and advances <paramref name="input"/> past every
    /// complete line. Never throws for malformed input.
    /// </summary>
    public HeadStatus Parse(ref ReadOnlySequence<byte> input)
    {
        if (input.IsSingleSegment)
        {
            // The common case (a transport that receives into one buffer): lines are found and parsed in one span.
            var consumed = 0;
            var status = ParseSpan(input.FirstSpan, ref consumed);
            input = input.Slice(consumed);
            return status;
        }

        while (true)
        {
            var limit = LineLimit(out var tooLong);
            if (limit < 0)
            {
                return Fail(tooLong);
            }

            var lineStatus = LineReader.TryReadLine(input, limit, out var line, out var next);
            if (lineStatus != LineStatus.Ok)
            {
                return LineFailure(lineStatus, tooLong);
            }

            input = input.Slice(next);
            var span = GetSpan(line, out var rented);
            var status = OnLine(span);
            Return(rented);
            if (status != HeadStatus.NeedMore)
            {
                return status;
            }
        }
    }

    /// <summary>Parses the complete lines of <paramref name="buffer"/> from <paramref name="consumed"/> on, advancing it past each.</summary>
    private HeadStatus ParseSpan(ReadOnlySpan<byte> buffer, ref int consumed)
    {
        while (true)
        {
            var limit = LineLimit(out var tooLong);
            if (limit < 0)
            {
                return Fail(tooLong);
            }

            var rest = buffer[consumed..];
            var lineStatus = LineReader.TryReadLine(rest, limit, out var length);
            if (lineStatus != LineStatus.Ok)
            {
                return LineFailure(lineStatus, tooLong);
            }

            consumed += length + 2;
            var status = OnLine(rest[..length]);
            if (status != HeadStatus.NeedMore)
            {
                return status;
            }
        }
    }

    /// <summary>The longest the next line may be, and the error when it is longer; negative when no line fits any more.</summary>
    private int LineLimit(out Http1DecodeError tooLong)
    {
        if (!_startLineParsed)
        {
            tooLong = Http1DecodeError.StartLineTooLong;
            return Options.MaxRequestLineSize;
        }

        tooLong = Http1DecodeError.HeadersTooLarge;
        return Options.MaxHeaderSize - _headerBytes - 2;
    }

    private HeadStatus LineFailure(LineStatus status, Http1DecodeError tooLong) => status switch
    {
        LineStatus.NeedMore => HeadStatus.NeedMore,
        LineStatus.TooLong => Fail(tooLong),
        _ => Fail(Http1DecodeError.BareLineFeed),
    };

    /// <summary>
    /// Takes one complete line (without its CRLF): the start line, a field line, or the empty line ending the head.
    /// Returns <see cref="HeadStatus.NeedMore"/> when more lines are expected.
    /// </summary>
    private HeadStatus OnLine(ReadOnlySpan<byte> line)
    {
        if (!_startLineParsed)
        {
            if (line.IsEmpty)
            {
                // RFC 9112 §2.2: ignore empty lines before a request line (some clients add CRLF after a body).
                return SkipsEmptyLinesBeforeStartLine ? HeadStatus.NeedMore : Fail(Http1DecodeError.InvalidStartLine);
            }

            var startError = ParseStartLine(line);
            if (startError != Http1DecodeError.None)
            {
                return Fail(startError);
            }

            _startLineParsed = true;
            return HeadStatus.NeedMore;
        }

        _headerBytes += line.Length + 2;
        if (line.IsEmpty)
        {
            var error = OnHeadComplete();
            return error == Http1DecodeError.None ? HeadStatus.Complete : Fail(error);
        }

        if (_fields.Count >= Options.MaxHeaderCount)
        {
            return Fail(Http1DecodeError.TooManyHeaders);
        }

        var fieldError = FieldLineParser.ParseRaw(line, out var name, out var rawValue);
        if (fieldError != Http1DecodeError.None)
        {
            return Fail(fieldError);
        }

        _fields.Add(new(name, _values.Get(FirstFieldSlot + _fields.Count, rawValue)));
        return HeadStatus.NeedMore;
    }

    /// <summary>Prepares for the next message on the connection.</summary>
    public virtual void Reset()
    {
        _fields.Clear();
        _startLineParsed = false;
        _headerBytes = 0;
        Error = Http1DecodeError.None;
        BodyKind = BodyKind.None;
        ContentLength = 0;
        KeepAlive = false;
        Headers = null;
    }

    /// <summary>Parses the start line (without CRLF, not empty).</summary>
    protected abstract Http1DecodeError ParseStartLine(ReadOnlySpan<byte> line);

    /// <summary>Called at the empty line ending the head: decides framing and builds <see cref="Headers"/>.</summary>
    protected abstract Http1DecodeError OnHeadComplete();

    /// <summary>Reads the framing and connection fields; returns a Content-Length error if any.</summary>
    protected Http1DecodeError Summarize(out FieldSummary summary)
    {
        summary = default;
        var error = Http1DecodeError.None;
        var codings = 0;
        var chunkedCount = 0;
        var chunkedLast = false;
        var unsupported = false;
        foreach (var (name, value) in _fields)
        {
            if (ReferenceEquals(name, KnownHeaders.Host))
            {
                summary.HostCount++;
                summary.Host ??= value;
            }
            else if (ReferenceEquals(name, KnownHeaders.ContentLength))
            {
                if (!TryParseContentLength(value, out var length) || (summary.HasContentLength && length != summary.ContentLength))
                {
                    error = Http1DecodeError.InvalidContentLength;
                }

                summary.HasContentLength = true;
                summary.ContentLength = length;
            }
            else if (ReferenceEquals(name, KnownHeaders.TransferEncoding))
            {
                summary.HasTransferEncoding = true;
                foreach (var coding in new ListTokens(value))
                {
                    codings++;
                    chunkedLast = coding.Equals("chunked", StringComparison.OrdinalIgnoreCase);
                    if (chunkedLast)
                    {
                        chunkedCount++;
                    }
                    else
                    {
                        unsupported = true;
                    }
                }
            }
            else if (ReferenceEquals(name, KnownHeaders.Connection))
            {
                foreach (var option in new ListTokens(value))
                {
                    var keepAlive = option.Equals("keep-alive", StringComparison.OrdinalIgnoreCase);
                    summary.ConnectionClose |= option.Equals("close", StringComparison.OrdinalIgnoreCase);
                    summary.ConnectionKeepAlive |= keepAlive;
                    summary.ConnectionNominates |= !keepAlive;
                }
            }
            else if (ReferenceEquals(name, KnownHeaders.Expect))
            {
                summary.ExpectContinue |= value.Equals("100-continue", StringComparison.OrdinalIgnoreCase);
            }
        }

        if (summary.HasTransferEncoding)
        {
            // RFC 9112 §6.1: chunked must be the final coding, applied once; other codings we cannot decode (501).
            summary.TransferEncodingError = codings == 0 || !chunkedLast || chunkedCount > 1 ? Http1DecodeError.InvalidTransferEncoding
                : unsupported ? Http1DecodeError.UnsupportedTransferCoding
                : Http1DecodeError.None;
        }

        return error;
    }

    /// <summary>
    /// Appends the end-to-end fields to <paramref name="map"/> in order: drops hop-by-hop fields, the fields the
    /// Connection header nominates (except Content-Length, needed for framing), and optionally Host and
    /// <c>Expect: 100-continue</c> (answered by the codec).
    /// </summary>
    protected void AddEndToEndFields(HeaderMap map, in FieldSummary summary, bool dropHostAndExpect)
    {
        foreach (var (name, value) in _fields)
        {
            if (KnownHeaders.IsHopByHop(name, value)
                || (dropHostAndExpect && (ReferenceEquals(name, KnownHeaders.Host) || (ReferenceEquals(name, KnownHeaders.Expect) && summary.ExpectContinue)))
                || (summary.ConnectionNominates && !ReferenceEquals(name, KnownHeaders.ContentLength) && IsNominatedByConnection(name)))
            {
                continue;
            }

            map.Add(name, value);
        }
    }

    /// <summary>The first <see cref="ValueCache"/> slot used for header fields (the ones before are the start line's).</summary>
    private protected const int FirstFieldSlot = 2;

    /// <summary>Value strings of the previous message on this connection, reused when the bytes repeat.</summary>
    private protected HeaderValueCache ValueCache => _values;

    /// <summary>Number of fields parsed.</summary>
    protected int FieldCount => _fields.Count;

    /// <summary>Parses a Content-Length value: a list of equal digit strings (RFC 9110 §8.6 allows "42, 42").</summary>
    internal static bool TryParseContentLength(ReadOnlySpan<char> value, out long length)
    {
        length = -1;
        foreach (var element in new ListTokens(value))
        {
            // 18 digits cannot overflow a long.
            if (element.Length > 18 || element.ContainsAnyExceptInRange('0', '9'))
            {
                length = -1;
                return false;
            }

            long parsed = 0;
            foreach (var c in element)
            {
                parsed = (parsed * 10) + (c - '0');
            }

            if (length >= 0 && parsed != length)
            {
                length = -1;
                return false;
            }

            length = parsed;
        }

        return length >= 0;
    }

    private bool IsNominatedByConnection(string name)
    {
        foreach (var (fieldName, value) in _fields)
        {
            if (ReferenceEquals(fieldName, KnownHeaders.Connection) && ListTokens.Contains(value, name))
            {
                return true;
            }
        }

        return false;
    }

    private HeadStatus Fail(Http1DecodeError error)
    {
        Error = error;
        return HeadStatus.Error;
    }

    /// <summary>The line as one span: its first span, or a copy in pooled scratch memory when it straddles segments.</summary>
    internal static ReadOnlySpan<byte> GetSpan(in ReadOnlySequence<byte> line, out byte[]? rented)
    {
        if (line.IsSingleSegment)
        {
            rented = null;
            return line.FirstSpan;
        }

        var length = (int)line.Length;
        rented = ArrayPool<byte>.Shared.Rent(length);
        line.CopyTo(rented);
        return rented.AsSpan(0, length);
    }

    /// <summary>Returns scratch memory obtained from <see cref="GetSpan"/>.</summary>
    internal static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
