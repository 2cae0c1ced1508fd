using System.Buffers;

namespace Mosn.Protocols.Http1.Tests.TestSupport;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s to exercise the cross-segment slow paths.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Create(ReadOnlyMemory<byte> data, int segmentSize)
    {
        if (data.Length <= segmentSize || segmentSize <= 0)
        {
            return new ReadOnlySequence<byte>(data);
        }

        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < data.Length; offset += segmentSize)
        {
            var part = data.Slice(offset, Math.Min(segmentSize, data.Length - offset));
            if (first is null)
            {
                first = last = new Segment(part, 0);
            }
            else
            {
                last = last!.Append(part);
            }
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
