namespace Mosn.Protocols.Http2.Frames;

/// <summary>
/// Reads HTTP/2 frames (RFC 9113 §4) from received bytes and validates every rule the framing layer can check
/// alone: frame size, stream-0 rules, fixed lengths, padding, SETTINGS values, priority self-dependency,
/// PUSH_PROMISE acceptance and field-block sequencing (HEADERS/PUSH_PROMISE followed only by CONTINUATION on the
/// same stream until END_HEADERS). Stream states, flow-control windows and field-block contents are the caller's.
/// </summary>
/// <remarks>
/// <para>
/// One reader per connection direction (the bytes we receive); not thread-safe: the connection's single read loop
/// calls it. Hostile input never throws: it yields <see cref="Http2FrameStatus.StreamError"/> or
/// <see cref="Http2FrameStatus.ConnectionError"/> with the RFC error code.
/// </para>
/// <para>
/// A frame is returned only when its whole payload is buffered (at most <see cref="MaxFrameSize"/> + 9 bytes).
/// A frame rejected from its header alone with a stream error (for example an oversized DATA frame) is skipped
/// without being buffered: the reader discards its payload as it arrives, across calls.
/// </para>
/// </remarks>
internal sealed partial class Http2FrameReader
{
    private int _maxFrameSize = Http2Constants.DefaultMaxFrameSize;
    private long _discardRemaining;
    private uint _headerBlockStreamId;

    /// <summary>Creates a reader for the server side (<paramref name="isServer"/>) or the client side of a connection.</summary>
    public Http2FrameReader(bool isServer)
    {
        IsServer = isServer;
    }

    /// <summary>Whether we are the server: then PUSH_PROMISE is always a connection error (RFC 9113 §8.4).</summary>
    public bool IsServer { get; }

    /// <summary>
    /// The SETTINGS_MAX_FRAME_SIZE we advertised, 16384..16777215 (default 16384). When raising it, set the new value
    /// once the SETTINGS frame is sent (§6.5.3: the peer may use it as soon as it has processed our SETTINGS).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 16384..16777215 (a configuration error).</exception>
    public int MaxFrameSize
    {
        get => _maxFrameSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, Http2Constants.DefaultMaxFrameSize);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Http2Constants.MaxAllowedFrameSize);
            _maxFrameSize = value;
        }
    }

    /// <summary>
    /// Client side only: whether server push is allowed. Set it to false once the peer has acknowledged our
    /// SETTINGS_ENABLE_PUSH = 0; a PUSH_PROMISE is then a connection error (§6.6). Defaults to true (the RFC default).
    /// </summary>
    public bool PushEnabled { get; set; } = true;

    /// <summary>Whether a field block is open: only CONTINUATION frames on <see cref="HeaderBlockStreamId"/> may follow.</summary>
    public bool IsInHeaderBlock => _headerBlockStreamId != 0;

    /// <summary>The stream whose field block is open, or 0.</summary>
    public uint HeaderBlockStreamId => _headerBlockStreamId;

    /// <summary>
    /// Reads the next frame from <paramref name="buffer"/>.
    /// </summary>
    /// <param name="buffer">Received bytes not yet consumed; may span many segments.</param>
    /// <param name="consumed">
    /// Always set: the position up to which the caller must consume <paramref name="buffer"/>, whatever the status
    /// (the end of the returned frame, of skipped bytes, or the start of an incomplete frame). With a pipe, advance to
    /// it and mark the whole buffer examined on <see cref="Http2FrameStatus.NeedMore"/>.
    /// </param>
    /// <param name="frame">
    /// On <see cref="Http2FrameStatus.Frame"/>, the frame. On <see cref="Http2FrameStatus.StreamError"/>, the frame's
    /// header, and for a HEADERS frame with a self-dependent priority the whole parsed frame: its field block must
    /// still be decoded to keep the HPACK context in step (§4.3) before the stream is reset.
    /// </param>
    /// <param name="error">On the two error statuses, the code and the offending stream.</param>
    /// <returns>What happened; see <see cref="Http2FrameStatus"/>.</returns>
    public Http2FrameStatus TryRead(in ReadOnlySequence<byte> buffer, out SequencePosition consumed, out Http2Frame frame, out Http2FrameError error)
    {
        var input = buffer;
        while (true)
        {
            frame = default;
            error = default;
            if (!Discard(ref input))
            {
                consumed = input.Start;
                return Http2FrameStatus.NeedMore;
            }

            if (input.Length < Http2Constants.FrameHeaderLength)
            {
                consumed = input.Start;
                return Http2FrameStatus.NeedMore;
            }

            var header = ReadHeader(input);
            var verdict = CheckHeader(header, out error);
            if (verdict == HeaderVerdict.ConnectionError)
            {
                frame = new Http2Frame(header, default, default);
                consumed = input.Start;
                return Http2FrameStatus.ConnectionError;
            }

            if (verdict != HeaderVerdict.Ok)
            {
                // Skip the payload without buffering it; an ignored frame (unknown type) produces no result at all.
                input = input.Slice(Http2Constants.FrameHeaderLength);
                _discardRemaining = header.Length;
                if (verdict == HeaderVerdict.Ignore)
                {
                    continue;
                }

                Discard(ref input);
                frame = new Http2Frame(header, default, default);
                consumed = input.Start;
                return Http2FrameStatus.StreamError;
            }

            var frameLength = Http2Constants.FrameHeaderLength + (long)header.Length;
            if (input.Length < frameLength)
            {
                consumed = input.Start;
                return Http2FrameStatus.NeedMore;
            }

            var payload = input.Slice(Http2Constants.FrameHeaderLength, header.Length);
            consumed = payload.End;
            var status = ParsePayload(header, payload, out frame, out error);
            if (status == Http2FrameStatus.Frame || (status == Http2FrameStatus.StreamError && header.Type == Http2FrameType.Headers))
            {
                TrackHeaderBlock(header);
            }

            return status;
        }
    }

    /// <summary>Drops up to <see cref="_discardRemaining"/> bytes from the front of <paramref name="input"/>; false while bytes remain to drop.</summary>
    private bool Discard(ref ReadOnlySequence<byte> input)
    {
        if (_discardRemaining == 0)
        {
            return true;
        }

        var count = Math.Min(_discardRemaining, input.Length);
        input = input.Slice(count);
        _discardRemaining -= count;
        return _discardRemaining == 0;
    }

    private void TrackHeaderBlock(in Http2FrameHeader header)
    {
        var endHeaders = header.HasFlags(Http2FrameFlags.EndHeaders);
        switch (header.Type)
        {
            case Http2FrameType.Headers or Http2FrameType.PushPromise when !endHeaders:
                _headerBlockStreamId = header.StreamId;
                break;
            case Http2FrameType.Continuation when endHeaders:
                _headerBlockStreamId = 0;
                break;
        }
    }

    private static Http2FrameHeader ReadHeader(in ReadOnlySequence<byte> input)
    {
        if (input.FirstSpan.Length >= Http2Constants.FrameHeaderLength)
        {
            return Http2FrameHeader.Read(input.FirstSpan);
        }

        Span<byte> scratch = stackalloc byte[Http2Constants.FrameHeaderLength];
        input.Slice(0, Http2Constants.FrameHeaderLength).CopyTo(scratch);
        return Http2FrameHeader.Read(scratch);
    }
}
