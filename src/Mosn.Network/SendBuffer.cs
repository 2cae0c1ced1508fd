using System.Buffers;

namespace Mosn.Network;

/// <summary>
/// The bytes written to one connection and not yet taken by the socket: a chain of arrays rented from
/// <see cref="SendChunkPool"/>, appended at the tail (<see cref="IBufferWriter{T}"/>) and consumed from the head as
/// sends complete. Holds no array while empty, so an idle connection costs nothing here.
/// </summary>
/// <remarks>
/// Not thread-safe: the owning connection serializes every call under its write lock. Bytes handed to a send in flight
/// (<see cref="GetSendSpan"/>, <see cref="GetSendSegments"/>) stay untouched until <see cref="Consume"/>: appends only ever
/// write past the end of what was handed out.
/// </remarks>
internal sealed class SendBuffer : IBufferWriter<byte>
{
    /// <summary>Size of a rented chunk: a response head and a few KiB of body fit in one, so one send takes them.</summary>
    internal const int ChunkSize = 16 * 1024;

    private byte[]? _head;
    private int _headStart;
    private int _headEnd;
    private List<Chunk>? _rest; // chunks after the head, in order; the last one is the tail
    private List<ArraySegment<byte>>? _segments;
    private long _length;

    /// <summary>Bytes buffered and not yet consumed.</summary>
    public long Length => _length;

    /// <summary>True when the buffered bytes are in one array (one <c>send</c> call takes them all).</summary>
    public bool IsSingleChunk => _rest is null || _rest.Count == 0;

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_rest is { Count: > 0 } rest)
        {
            var tail = rest[^1];
            if (tail.End + count > tail.Array.Length)
            {
                throw new InvalidOperationException("Advanced past the end of the buffer.");
            }

            rest[^1] = tail with { End = tail.End + count };
        }
        else
        {
            if (_head is null ? count > 0 : _headEnd + count > _head.Length)
            {
                throw new InvalidOperationException("Advanced past the end of the buffer.");
            }

            _headEnd += count;
        }

        _length += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        var (array, start) = Reserve(sizeHint);
        return array.AsMemory(start);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        var (array, start) = Reserve(sizeHint);
        return array.AsSpan(start);
    }

    private (byte[] Array, int Start) Reserve(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_rest is { Count: > 0 } rest)
        {
            var tail = rest[^1];
            if (tail.Array.Length - tail.End >= sizeHint)
            {
                return (tail.Array, tail.End);
            }
        }
        else if (_head is { } head)
        {
            if (_headStart == _headEnd && _length == 0)
            {
                // Everything sent: write from the start of the array again.
                _headStart = _headEnd = 0;
            }

            if (head.Length - _headEnd >= sizeHint)
            {
                return (head, _headEnd);
            }
        }

        var array = SendChunkPool.Rent(sizeHint);
        if (_head is null)
        {
            _head = array;
            _headStart = _headEnd = 0;
        }
        else
        {
            (_rest ??= []).Add(new Chunk(array, 0));
        }

        return (array, 0);
    }

    /// <summary>The first buffered bytes, up to the end of the head chunk (all of them when <see cref="IsSingleChunk"/>).</summary>
    public ReadOnlyMemory<byte> GetSendSpan() => _head is null ? default : _head.AsMemory(_headStart, _headEnd - _headStart);

    /// <summary>Every buffered chunk, in order, for a gathering send. The list is reused by the next call.</summary>
    public IList<ArraySegment<byte>> GetSendSegments()
    {
        var segments = _segments ??= [];
        segments.Clear();
        if (_head is not null && _headEnd > _headStart)
        {
            segments.Add(new ArraySegment<byte>(_head, _headStart, _headEnd - _headStart));
        }

        if (_rest is not null)
        {
            foreach (var chunk in _rest)
            {
                if (chunk.End > 0)
                {
                    segments.Add(new ArraySegment<byte>(chunk.Array, 0, chunk.End));
                }
            }
        }

        return segments;
    }

    /// <summary>Marks the first <paramref name="count"/> bytes as sent; chunks sent completely go back to the pool.</summary>
    public void Consume(long count)
    {
        if (count > _length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "Consumed more bytes than are buffered.");
        }

        _length -= count;
        while (_head is not null)
        {
            var inHead = _headEnd - _headStart;
            if (count < inHead)
            {
                _headStart += (int)count;
                return;
            }

            count -= inHead;
            if (_rest is not { Count: > 0 } rest)
            {
                // Keep the emptied head only while it is the tail being written to; callers release it when idle.
                _headStart = _headEnd;
                return;
            }

            SendChunkPool.Return(_head);
            var next = rest[0];
            rest.RemoveAt(0);
            _head = next.Array;
            _headStart = 0;
            _headEnd = next.End;
        }
    }

    /// <summary>Returns every chunk to the pool and forgets the bytes (after a close, or when nothing is left to send).</summary>
    public void Release()
    {
        if (_head is not null)
        {
            SendChunkPool.Return(_head);
            _head = null;
        }

        if (_rest is not null)
        {
            foreach (var chunk in _rest)
            {
                SendChunkPool.Return(chunk.Array);
            }

            _rest.Clear();
        }

        _segments?.Clear();
        _headStart = _headEnd = 0;
        _length = 0;
    }

    private readonly record struct Chunk(byte[] Array, int End);
}
