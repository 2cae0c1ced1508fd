using Mosn.Protocols.Http2.Frames;

namespace Mosn.Protocols.Http2.Tests.Frames;

/// <summary>Drives an <see cref="Http2FrameReader"/> the way a receive loop does, over arbitrary arrival patterns.</summary>
internal static class FrameFeeder
{
    /// <summary>
    /// Makes <paramref name="bytes"/> available in steps (each arrival boundary in <paramref name="arrivals"/>, then
    /// all), presenting the unconsumed bytes as a sequence of <paramref name="segmentSize"/>-byte segments, and reads
    /// until need-more after each step. Stops after a connection error.
    /// </summary>
    public static List<FrameSnapshot> Feed(Http2FrameReader reader, byte[] bytes, IEnumerable<int>? arrivals = null, int segmentSize = 0)
    {
        var results = new List<FrameSnapshot>();
        var start = 0;
        foreach (var available in (arrivals ?? []).Append(bytes.Length))
        {
            while (true)
            {
                var buffer = Segments.Create(bytes.AsMemory(start, available - start), segmentSize);
                var status = reader.TryRead(buffer, out var consumed, out var frame, out var error);
                var used = (int)buffer.Slice(0, consumed).Length;
                start += used;
                if (status == Http2FrameStatus.NeedMore)
                {
                    break;
                }

                results.Add(FrameSnapshot.From(status, frame, error));
                if (status == Http2FrameStatus.ConnectionError)
                {
                    return results;
                }
            }
        }

        return results;
    }

    /// <summary>Reads the single result expected from <paramref name="bytes"/> delivered at once.</summary>
    public static FrameSnapshot ReadOne(Http2FrameReader reader, byte[] bytes)
    {
        var results = Feed(reader, bytes);
        return Assert.Single(results);
    }
}
