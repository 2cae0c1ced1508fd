using System.Buffers;

namespace Mosn.Protocols.Http1.Codec;

/// <summary>
/// Finds CRLF-terminated lines in received bytes without copying: a vectorized search of the first span (the common
/// case: the whole head arrived in one segment), then a <see cref="SequenceReader{T}"/> across segments.
/// </summary>
internal static class LineReader
{
    /// <summary>
    /// Looks for the next line in <paramref name="input"/>. On <see cref="LineStatus.Ok"/>, <paramref name="line"/> is the
    /// line without its CRLF and <paramref name="next"/> the position after the LF. Only the first
    /// <paramref name="maxLength"/> + 2 bytes are searched, so a hostile peer cannot make the search grow.
    /// </summary>
    public static LineStatus TryReadLine(in ReadOnlySequence<byte> input, int maxLength, out ReadOnlySequence<byte> line, out SequencePosition next)
    {
        var limit = (long)maxLength + 2;
        var first = input.FirstSpan;
        var window = first.Length > limit ? first[..(int)limit] : first;
        var lf = window.IndexOf((byte)'\n');
        if (lf >= 0)
        {
            if (lf == 0 || first[lf - 1] != '\r')
            {
                line = default;
                next = default;
                return LineStatus.BareLineFeed;
            }

            line = input.Slice(0, lf - 1);
            next = input.GetPosition(lf + 1);
            return LineStatus.Ok;
        }

        if (window.Length >= limit)
        {
            line = default;
            next = default;
            return LineStatus.TooLong;
        }

        if (input.IsSingleSegment)
        {
            line = default;
            next = default;
            return LineStatus.NeedMore;
        }

        return TryReadLineMultiSegment(input.Length > limit ? input.Slice(0, limit) : input, limit, out line, out next);
    }

    private static LineStatus TryReadLineMultiSegment(in ReadOnlySequence<byte> window, long limit, out ReadOnlySequence<byte> line, out SequencePosition next)
    {
        var reader = new SequenceReader<byte>(window);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> withCr, (byte)'\n', advancePastDelimiter: true))
        {
            line = default;
            next = default;
            return window.Length >= limit ? LineStatus.TooLong : LineStatus.NeedMore;
        }

        if (withCr.IsEmpty || LastByte(withCr) != '\r')
        {
            line = default;
            next = default;
            return LineStatus.BareLineFeed;
        }

        line = withCr.Slice(0, withCr.Length - 1);
        next = reader.Position;
        return LineStatus.Ok;
    }

    private static byte LastByte(in ReadOnlySequence<byte> sequence)
    {
        var reader = new SequenceReader<byte>(sequence.Slice(sequence.Length - 1));
        reader.TryPeek(out var last);
        return last;
    }
}
