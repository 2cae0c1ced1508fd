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
        var status = TryReadLine(input.FirstSpan, maxLength, out var length);
        if (status == LineStatus.Ok)
        {
            line = input.Slice(0, length);
            next = input.GetPosition(length + 2);
            return LineStatus.Ok;
        }

        if (status != LineStatus.NeedMore || input.IsSingleSegment)
        {
            line = default;
            next = default;
            return status;
        }

        var limit = (long)maxLength + 2;
        return TryReadLineMultiSegment(input.Length > limit ? input.Slice(0, limit) : input, limit, out line, out next);
    }

    /// <summary>
    /// Looks for the next line in one span (the same rules): on <see cref="LineStatus.Ok"/>, the line is the first
    /// <paramref name="length"/> bytes and the CRLF follows them.
    /// </summary>
    public static LineStatus TryReadLine(ReadOnlySpan<byte> input, int maxLength, out int length)
    {
        var limit = (long)maxLength + 2;
        var window = input.Length > limit ? input[..(int)limit] : input;
        var lf = window.IndexOf((byte)'\n');
        length = 0;
        if (lf < 0)
        {
            return window.Length >= limit ? LineStatus.TooLong : LineStatus.NeedMore;
        }

        if (lf == 0 || window[lf - 1] != '\r')
        {
            return LineStatus.BareLineFeed;
        }

        length = lf - 1;
        return LineStatus.Ok;
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
