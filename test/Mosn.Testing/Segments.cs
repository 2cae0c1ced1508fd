using System.Buffers;

namespace Mosn.Testing;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s to exercise cross-segment parsing.</summary>
public static class Segments
{
    /// <summary>Splits <paramref name="data"/> into segments of <paramref name="segmentSize"/> bytes (0: one segment).</summary>
    public static ReadOnlySequence<byte> Create(ReadOnlyMemory<byte> data, int segmentSize = 0)
    {
        if (segmentSize <= 0 || data.Length <= segmentSize)
        {
            return new ReadOnlySequence<byte>(data);
        }

        var cuts = new List<int>();
        for (var offset = segmentSize; offset < data.Length; offset += segmentSize)
        {
            cuts.Add(offset);
        }

        return Split(data, cuts);
    }

    /// <summary>Splits <paramref name="data"/> at the given ascending offsets (each strictly inside the data).</summary>
    public static ReadOnlySequence<byte> Split(ReadOnlyMemory<byte> data, IReadOnlyList<int> cuts)
    {
        if (cuts.Count == 0)
        {
            return new ReadOnlySequence<byte>(data);
        }

        var first = new Segment(data[..cuts[0]], 0);
        var last = first;
        for (var i = 0; i < cuts.Count; i++)
        {
            var end = i + 1 < cuts.Count ? cuts[i + 1] : data.Length;
            last = last.Append(data[cuts[i]..end]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
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
