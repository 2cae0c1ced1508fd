using System.Buffers;

namespace Mosn.Abstractions.Network;

/// <summary>
/// The bytes read from a connection and not yet consumed, handed to read filters.
/// </summary>
/// <remarks>
/// Ownership: the connection owns the memory. <see cref="Data"/> is valid only for the duration of the
/// <see cref="IReadFilter.OnData"/> call; a filter that needs bytes later must copy them or leave them
/// unconsumed. Bytes a filter does not consume stay buffered and are presented again, together with newly
/// read bytes, on the next call. One instance is reused for the life of a connection.
/// </remarks>
public sealed class ReadBuffer
{
    private ReadOnlySequence<byte> _data;

    /// <summary>The unconsumed bytes.</summary>
    public ReadOnlySequence<byte> Data => _data;

    /// <summary>Number of unconsumed bytes.</summary>
    public long Length => _data.Length;

    /// <summary>True when the peer has finished sending (no more bytes will follow these).</summary>
    public bool IsEndOfStream { get; private set; }

    /// <summary>Sets the bytes presented to the filters. Called by the connection (or by tests).</summary>
    public void Reset(ReadOnlySequence<byte> data, bool endOfStream)
    {
        _data = data;
        IsEndOfStream = endOfStream;
    }

    /// <summary>Marks everything before <paramref name="position"/> as consumed.</summary>
    public void Consume(SequencePosition position) => _data = _data.Slice(position);

    /// <summary>Marks the first <paramref name="count"/> bytes as consumed.</summary>
    public void Consume(long count) => _data = _data.Slice(count);

    /// <summary>Marks all bytes as consumed.</summary>
    public void ConsumeAll() => _data = _data.Slice(_data.End);
}
