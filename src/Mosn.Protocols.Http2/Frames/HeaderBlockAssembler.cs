namespace Mosn.Protocols.Http2.Frames;

/// <summary>
/// Reassembles one field block (RFC 9113 §4.3) from a HEADERS or PUSH_PROMISE frame and the CONTINUATION frames that
/// follow it, checks their sequencing, and bounds the total block size and the CONTINUATION count (flood defence).
/// </summary>
/// <remarks>
/// <para>
/// One instance per connection, used by its single read loop; not thread-safe. Only one field block can be open
/// on a connection at a time (§6.10), so one assembler suffices.
/// </para>
/// <para>
/// Buffer ownership: when the first frame carries END_HEADERS (the common case), <see cref="Block"/> is that frame's
/// <see cref="Http2Frame.Content"/>, a slice of the caller's receive buffer, valid until the caller advances it.
/// Otherwise each fragment is copied into a buffer rented from <see cref="ArrayPool{T}.Shared"/> (the caller may
/// advance past every frame), and <see cref="Block"/> is valid until the next <see cref="Begin"/>,
/// <see cref="Reset"/> or <see cref="Dispose"/>. Sizes are checked before anything is copied.
/// </para>
/// </remarks>
internal sealed class HeaderBlockAssembler : IDisposable
{
    private byte[]? _buffer;
    private int _length;

    /// <summary>Creates an assembler with the given limits.</summary>
    /// <param name="maxHeaderBlockSize">Largest accepted field block, in encoded (HPACK) octets; at least 1.</param>
    /// <param name="maxContinuationFrames">Most CONTINUATION frames accepted in one block; 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range (a configuration error).</exception>
    public HeaderBlockAssembler(int maxHeaderBlockSize, int maxContinuationFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHeaderBlockSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxContinuationFrames);
        MaxHeaderBlockSize = maxHeaderBlockSize;
        MaxContinuationFrames = maxContinuationFrames;
    }

    /// <summary>Largest accepted field block, in encoded octets.</summary>
    public int MaxHeaderBlockSize { get; }

    /// <summary>Most CONTINUATION frames accepted in one field block.</summary>
    public int MaxContinuationFrames { get; }

    /// <summary>Whether a block is open and waits for CONTINUATION frames.</summary>
    public bool IsInProgress { get; private set; }

    /// <summary>The stream of the current or last block.</summary>
    public uint StreamId { get; private set; }

    /// <summary>The type of the frame that opened the current or last block: HEADERS or PUSH_PROMISE.</summary>
    public Http2FrameType FrameType { get; private set; }

    /// <summary>Whether the opening HEADERS frame carried END_STREAM (a trailers-only or body-less message).</summary>
    public bool EndStream { get; private set; }

    /// <summary>Whether the opening HEADERS frame carried priority fields.</summary>
    public bool HasPriority { get; private set; }

    /// <summary>The priority fields of the opening HEADERS frame, when <see cref="HasPriority"/>.</summary>
    public Http2Priority Priority { get; private set; }

    /// <summary>The promised stream of the opening PUSH_PROMISE frame, else 0.</summary>
    public uint PromisedStreamId { get; private set; }

    /// <summary>CONTINUATION frames received in the current or last block.</summary>
    public int ContinuationCount { get; private set; }

    /// <summary>The whole encoded field block; valid after <see cref="HeaderBlockStatus.Complete"/> (see remarks).</summary>
    public ReadOnlySequence<byte> Block { get; private set; }

    /// <summary>
    /// Opens a block with a HEADERS or PUSH_PROMISE frame. Returns <see cref="HeaderBlockStatus.Complete"/> when it
    /// carries END_HEADERS, <see cref="HeaderBlockStatus.Incomplete"/> when CONTINUATION frames must follow, or an
    /// error status (after which nothing is open).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="frame"/> is neither HEADERS nor PUSH_PROMISE (a programming error).</exception>
    public HeaderBlockStatus Begin(in Http2Frame frame)
    {
        if (frame.Type is not (Http2FrameType.Headers or Http2FrameType.PushPromise))
        {
            throw new ArgumentException($"A field block starts with HEADERS or PUSH_PROMISE, not {frame.Type}.", nameof(frame));
        }

        if (IsInProgress)
        {
            Reset();
            return HeaderBlockStatus.UnexpectedFrame;
        }

        Reset();
        StreamId = frame.StreamId;
        FrameType = frame.Type;
        EndStream = frame.EndStream;
        HasPriority = frame.HasPriority;
        Priority = frame.Priority;
        PromisedStreamId = frame.PromisedStreamId;

        var fragment = frame.Content;
        if (fragment.Length > MaxHeaderBlockSize)
        {
            return HeaderBlockStatus.TooLarge;
        }

        if (frame.EndHeaders)
        {
            Block = fragment;
            return HeaderBlockStatus.Complete;
        }

        IsInProgress = true;
        Copy(fragment);
        return HeaderBlockStatus.Incomplete;
    }

    /// <summary>
    /// Adds a CONTINUATION frame to the open block. Returns <see cref="HeaderBlockStatus.Complete"/> on END_HEADERS,
    /// <see cref="HeaderBlockStatus.Incomplete"/> otherwise, or an error status (after which nothing is open). Any
    /// other frame type, or a CONTINUATION on another stream or with no open block, is
    /// <see cref="HeaderBlockStatus.UnexpectedFrame"/>.
    /// </summary>
    public HeaderBlockStatus Append(in Http2Frame frame)
    {
        if (!IsInProgress || frame.Type != Http2FrameType.Continuation || frame.StreamId != StreamId)
        {
            Reset();
            return HeaderBlockStatus.UnexpectedFrame;
        }

        if (ContinuationCount >= MaxContinuationFrames)
        {
            Reset();
            return HeaderBlockStatus.TooManyContinuations;
        }

        ContinuationCount++;
        var fragment = frame.Content;
        if (fragment.Length > MaxHeaderBlockSize - _length)
        {
            Reset();
            return HeaderBlockStatus.TooLarge;
        }

        Copy(fragment);
        if (!frame.EndHeaders)
        {
            return HeaderBlockStatus.Incomplete;
        }

        IsInProgress = false;
        Block = new ReadOnlySequence<byte>(_buffer ?? [], 0, _length);
        return HeaderBlockStatus.Complete;
    }

    /// <summary>Closes any open block and returns the pooled buffer; <see cref="Block"/> becomes empty.</summary>
    public void Reset()
    {
        IsInProgress = false;
        ContinuationCount = 0;
        Block = default;
        _length = 0;
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    /// <summary>Returns the pooled buffer. The assembler may be reused afterwards (it rents again).</summary>
    public void Dispose() => Reset();

    private void Copy(in ReadOnlySequence<byte> fragment)
    {
        var needed = _length + (int)fragment.Length;
        if (_buffer is null || _buffer.Length < needed)
        {
            // Grow geometrically, but never beyond the limit (sizes were checked against it before this call).
            var size = Math.Min(MaxHeaderBlockSize, Math.Max(needed, Math.Max(_length * 2, 1024)));
            var bigger = ArrayPool<byte>.Shared.Rent(size);
            if (_buffer is not null)
            {
                _buffer.AsSpan(0, _length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = bigger;
        }

        fragment.CopyTo(_buffer.AsSpan(_length));
        _length = needed;
    }
}
