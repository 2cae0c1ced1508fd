using Mosn.Abstractions.Protocol;
using Mosn.Protocols.Http2.Frames;

namespace Mosn.Protocols.Http2.Connection;

/// <summary>
/// Body bytes of one stream that the peer's flow-control windows do not admit yet, copied into pooled chunks, plus
/// what ends the side once they are out (END_STREAM or trailers). Guarded by the connection's lock.
/// </summary>
internal sealed class PendingData
{
    private const int ChunkSize = 16 * 1024;

    private readonly Queue<(byte[] Buffer, int Length)> _chunks = new();
    private int _headOffset; // bytes of the first chunk already written

    /// <summary>Bytes queued.</summary>
    public long Length { get; private set; }

    /// <summary>END_STREAM goes out with the last byte (or on an empty DATA frame when nothing is queued).</summary>
    public bool EndStream { get; set; }

    /// <summary>Trailers to send after the last byte (they carry END_STREAM).</summary>
    public IHeaderMap? Trailers { get; set; }

    /// <summary>END_STREAM went out with the last queued byte.</summary>
    public bool WroteEndStream { get; private set; }

    /// <summary>Whether the side ends once the queue drains.</summary>
    public bool Ends => EndStream || Trailers is not null;

    /// <summary>Copies <paramref name="data"/> to the end of the queue.</summary>
    public void Append(in ReadOnlySequence<byte> data)
    {
        foreach (var segment in data)
        {
            var span = segment.Span;
            while (!span.IsEmpty)
            {
                var count = Math.Min(span.Length, ChunkSize);
                var buffer = ArrayPool<byte>.Shared.Rent(count);
                span[..count].CopyTo(buffer);
                _chunks.Enqueue((buffer, count));
                Length += count;
                span = span[count..];
            }
        }
    }

    /// <summary>
    /// Writes DATA frames for up to <paramref name="budget"/> queued bytes; the frame carrying the last byte has
    /// END_STREAM when <see cref="EndStream"/> is set and no trailers follow. Returns the bytes written.
    /// </summary>
    public long Write(IBufferWriter<byte> output, uint streamId, long budget, int maxFrameSize, out int frames)
    {
        frames = 0;
        long written = 0;
        while (budget > 0 && _chunks.Count > 0)
        {
            var (buffer, chunkLength) = _chunks.Peek();
            var length = chunkLength - _headOffset;
            var count = (int)Math.Min(length, budget);
            var last = count == length && _chunks.Count == 1;
            var end = last && EndStream && Trailers is null;
            Http2FrameWriter.WriteData(output, streamId, buffer.AsSpan(_headOffset, count), end, maxFrameSize);
            WroteEndStream |= end;
            frames += (count + maxFrameSize - 1) / maxFrameSize;
            written += count;
            budget -= count;
            Length -= count;
            if (count == length)
            {
                _chunks.Dequeue();
                _headOffset = 0;
                ArrayPool<byte>.Shared.Return(buffer);
            }
            else
            {
                _headOffset += count;
            }
        }

        return written;
    }

    /// <summary>Returns every chunk to the pool.</summary>
    public void Release()
    {
        while (_chunks.Count > 0)
        {
            ArrayPool<byte>.Shared.Return(_chunks.Dequeue().Buffer);
        }

        Length = 0;
        _headOffset = 0;
    }
}
