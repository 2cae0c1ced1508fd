using System.Buffers;
using Mosn.Abstractions.Protocol;
using Mosn.Streams;

namespace Mosn.Protocols.Http1.Codec;

/// <summary>
/// Streams a message body out of received bytes: Content-Length, chunked (RFC 9112 §7.1, with extensions and a
/// trailer section) or until the connection closes. Body bytes are handed out as slices of the input, never copied or
/// buffered, so a body of any size passes in constant memory.
/// </summary>
/// <remarks>Not thread-safe: owned by one stream connection and driven from its read loop.</remarks>
internal sealed class Http1BodyDecoder(ProtocolOptions options)
{
    /// <summary>Longest chunk-size line, extensions included (bounds the work a hostile peer can cause).</summary>
    internal const int MaxChunkSizeLine = 4096;

    private State _state = State.Done;
    private long _remaining;
    private long _total;
    private long _maxBodySize;
    private int _trailerBytes;
    private HeaderMap? _trailers;

    private enum State
    {
        ContentLength,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        UntilClose,
        Done,
        Failed,
    }

    /// <summary>The whole body has been decoded.</summary>
    public bool IsComplete => _state == State.Done;

    /// <summary>The trailer section of a chunked body, or null when it had none. Valid once <see cref="IsComplete"/>.</summary>
    public HeaderMap? Trailers => _trailers;

    /// <summary>Why the last <see cref="Read"/> returned <see cref="BodyStatus.Error"/>.</summary>
    public Http1DecodeError Error { get; private set; }

    /// <summary>Body bytes decoded so far.</summary>
    public long BytesDecoded => _total;

    /// <summary>Starts decoding a body. <paramref name="maxBodySize"/> limits chunked bodies (0: no limit).</summary>
    public void Reset(BodyKind kind, long contentLength, long maxBodySize)
    {
        _state = kind switch
        {
            BodyKind.ContentLength => contentLength > 0 ? State.ContentLength : State.Done,
            BodyKind.Chunked => State.ChunkSize,
            BodyKind.UntilClose => State.UntilClose,
            _ => State.Done,
        };
        _remaining = contentLength;
        _total = 0;
        _maxBodySize = maxBodySize;
        _trailerBytes = 0;
        _trailers = null;
        Error = Http1DecodeError.None;
    }

    /// <summary>
    /// Decodes from <paramref name="input"/>, advancing it past what was consumed. Returns <see cref="BodyStatus.Data"/>
    /// with <paramref name="data"/> (a slice of the input, valid as long as the input) at most once per call; call again
    /// for more. <paramref name="endOfInput"/> says the peer has finished sending (ends an until-close body).
    /// </summary>
    public BodyStatus Read(ref ReadOnlySequence<byte> input, bool endOfInput, out ReadOnlySequence<byte> data)
    {
        data = default;
        while (true)
        {
            switch (_state)
            {
                case State.ContentLength:
                    return TakeData(ref input, ref data, State.Done);

                case State.ChunkData:
                    return TakeData(ref input, ref data, State.ChunkDataEnd);

                case State.UntilClose:
                    if (!input.IsEmpty)
                    {
                        data = input;
                        _total += input.Length;
                        input = input.Slice(input.End);
                        return BodyStatus.Data;
                    }

                    if (!endOfInput)
                    {
                        return BodyStatus.NeedMore;
                    }

                    _state = State.Done;
                    return BodyStatus.Done;

                case State.ChunkSize:
                {
                    var status = ReadChunkSize(ref input);
                    if (status != BodyStatus.Data)
                    {
                        return status;
                    }

                    continue;
                }

                case State.ChunkDataEnd:
                {
                    // The CRLF after chunk data (RFC 9112 §7.1): anything else is a framing error.
                    if (input.Length < 2)
                    {
                        return input.IsEmpty || new SequenceReader<byte>(input).IsNext((byte)'\r') ? BodyStatus.NeedMore : Fail(Http1DecodeError.InvalidChunk);
                    }

                    var reader = new SequenceReader<byte>(input);
                    if (!reader.TryRead(out var cr) || !reader.TryRead(out var lf) || cr != '\r' || lf != '\n')
                    {
                        return Fail(Http1DecodeError.InvalidChunk);
                    }

                    input = input.Slice(2);
                    _state = State.ChunkSize;
                    continue;
                }

                case State.Trailers:
                {
                    var status = ReadTrailerLine(ref input);
                    if (status != BodyStatus.Data)
                    {
                        return status;
                    }

                    continue;
                }

                case State.Failed:
                    return BodyStatus.Error;

                default:
                    return BodyStatus.Done;
            }
        }
    }

    private BodyStatus TakeData(ref ReadOnlySequence<byte> input, ref ReadOnlySequence<byte> data, State next)
    {
        if (input.IsEmpty)
        {
            return BodyStatus.NeedMore;
        }

        var take = Math.Min(input.Length, _remaining);
        data = input.Slice(0, take);
        input = input.Slice(take);
        _remaining -= take;
        _total += take;
        if (_remaining == 0)
        {
            _state = next;
        }

        return BodyStatus.Data;
    }

    /// <summary>Parses <c>chunk-size [ chunk-ext ] CRLF</c>. Returns <see cref="BodyStatus.Data"/> when a line was consumed.</summary>
    private BodyStatus ReadChunkSize(ref ReadOnlySequence<byte> input)
    {
        var status = LineReader.TryReadLine(input, MaxChunkSizeLine, out var line, out var next);
        switch (status)
        {
            case LineStatus.NeedMore:
                return BodyStatus.NeedMore;
            case LineStatus.Ok:
                break;
            default:
                return Fail(Http1DecodeError.InvalidChunk);
        }

        var span = Http1HeadDecoder.GetSpan(line, out var rented);
        var valid = TryParseChunkSize(span, out var size);
        Http1HeadDecoder.Return(rented);
        if (!valid)
        {
            return Fail(Http1DecodeError.InvalidChunk);
        }

        input = input.Slice(next);
        if (size == 0)
        {
            _state = State.Trailers;
            return BodyStatus.Data;
        }

        if (_maxBodySize > 0 && _total + size > _maxBodySize)
        {
            return Fail(Http1DecodeError.BodyTooLarge);
        }

        _remaining = size;
        _state = State.ChunkData;
        return BodyStatus.Data;
    }

    /// <summary>chunk-size = 1*HEXDIG; chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ).</summary>
    internal static bool TryParseChunkSize(ReadOnlySpan<byte> line, out long size)
    {
        size = 0;
        var digits = 0;
        var significant = 0;
        while (digits < line.Length && char.IsAsciiHexDigit((char)line[digits]))
        {
            var value = HexValue(line[digits]);
            if (significant > 0 || value != 0)
            {
                // 15 significant hex digits stay below 2^60: no overflow, and far beyond any real chunk.
                if (++significant > 15)
                {
                    return false;
                }
            }

            size = (size << 4) + value;
            digits++;
        }

        if (digits == 0)
        {
            return false;
        }

        var extensions = line[digits..];
        if (extensions.IsEmpty)
        {
            return true;
        }

        // Extensions are ignored, but must be well-formed enough: they start with ';' after optional whitespace and
        // contain no control bytes (a bare CR here would be a smuggling vector).
        var trimmed = extensions.TrimStart(HttpChars.Whitespace);
        return !trimmed.IsEmpty && trimmed[0] == ';' && HttpChars.IsFieldValue(extensions);
    }

    /// <summary>Reads one trailer line. Returns <see cref="BodyStatus.Data"/> when a line was consumed and decoding may go on.</summary>
    private BodyStatus ReadTrailerLine(ref ReadOnlySequence<byte> input)
    {
        var budget = options.MaxHeaderSize - _trailerBytes - 2;
        if (budget < 0)
        {
            return Fail(Http1DecodeError.HeadersTooLarge);
        }

        var status = LineReader.TryReadLine(input, budget, out var line, out var next);
        switch (status)
        {
            case LineStatus.NeedMore:
                return BodyStatus.NeedMore;
            case LineStatus.TooLong:
                return Fail(Http1DecodeError.HeadersTooLarge);
            case LineStatus.BareLineFeed:
                return Fail(Http1DecodeError.BareLineFeed);
        }

        input = input.Slice(next);
        _trailerBytes += (int)line.Length + 2;
        if (line.IsEmpty)
        {
            _state = State.Done;
            return BodyStatus.Done;
        }

        if (_trailers is not null && _trailers.Count >= options.MaxHeaderCount)
        {
            return Fail(Http1DecodeError.TooManyHeaders);
        }

        var span = Http1HeadDecoder.GetSpan(line, out var rented);
        var error = FieldLineParser.Parse(span, out var name, out var value);
        Http1HeadDecoder.Return(rented);
        if (error != Http1DecodeError.None)
        {
            return Fail(error);
        }

        // Framing, routing and connection fields are not allowed in trailers (RFC 9110 §6.5.1): drop them.
        if (!KnownHeaders.IsForbiddenTrailer(name, value))
        {
            (_trailers ??= new HeaderMap(4)).Add(name, value);
        }

        return BodyStatus.Data;
    }

    private BodyStatus Fail(Http1DecodeError error)
    {
        Error = error;
        _state = State.Failed;
        return BodyStatus.Error;
    }

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
