using Mosn.Abstractions.Protocol;

namespace Mosn.Protocols.Http2.Frames;

/// <summary>
/// The client connection preface of RFC 9113 §3.4: the 24 octets <c>PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n</c>, which a
/// client sends first and which must be followed by a SETTINGS frame (written separately).
/// </summary>
internal static class Http2ConnectionPreface
{
    /// <summary>Length of <see cref="ClientMagic"/>: 24 octets.</summary>
    public const int Length = 24;

    /// <summary>The preface octets. The span points at static data; it is valid for the process lifetime.</summary>
    public static ReadOnlySpan<byte> ClientMagic => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    /// <summary>
    /// Compares the first bytes of a connection with the preface, progressively: <see cref="MatchResult.Success"/>
    /// when the first 24 bytes are the preface (the caller then skips <see cref="Length"/> bytes),
    /// <see cref="MatchResult.Again"/> when every byte received so far matches but fewer than 24 arrived, and
    /// <see cref="MatchResult.Failed"/> at the first byte that differs. Reads at most 24 bytes; never throws.
    /// </summary>
    public static MatchResult Match(in ReadOnlySequence<byte> input)
    {
        var expected = ClientMagic;
        if (input.FirstSpan.Length >= Length)
        {
            return input.FirstSpan[..Length].SequenceEqual(expected) ? MatchResult.Success : MatchResult.Failed;
        }

        var offset = 0;
        foreach (var segment in input)
        {
            var span = segment.Span;
            var count = Math.Min(span.Length, Length - offset);
            if (!span[..count].SequenceEqual(expected.Slice(offset, count)))
            {
                return MatchResult.Failed;
            }

            offset += count;
            if (offset == Length)
            {
                return MatchResult.Success;
            }
        }

        return MatchResult.Again;
    }
}
