namespace Mosn.Protocols.Http2.Frames;

/// <summary>
/// One frame read and validated by <see cref="Http2FrameReader"/>, with its type-specific fields already parsed.
/// </summary>
/// <remarks>
/// <para>
/// Buffer ownership: <see cref="Payload"/> and <see cref="Content"/> are slices of the buffer the reader was given;
/// they are valid only until the caller advances that buffer past the frame (e.g. <c>PipeReader.AdvanceTo</c>).
/// Copy what must live longer (<see cref="HeaderBlockAssembler"/> does so for split field blocks).
/// </para>
/// <para>
/// Each typed accessor is meaningful only for the types its documentation names and is zero or empty otherwise.
/// </para>
/// </remarks>
internal readonly struct Http2Frame
{
    private readonly uint _value;
    private readonly Http2ErrorCode _errorCode;
    private readonly Http2Priority _priority;
    private readonly ulong _opaqueData;

    /// <summary>Creates a frame; used by <see cref="Http2FrameReader"/>, which has validated every field.</summary>
    public Http2Frame(
        Http2FrameHeader header,
        ReadOnlySequence<byte> payload,
        ReadOnlySequence<byte> content,
        uint value = 0,
        Http2ErrorCode errorCode = Http2ErrorCode.NoError,
        Http2Priority priority = default,
        ulong opaqueData = 0)
    {
        Header = header;
        Payload = payload;
        Content = content;
        _value = value;
        _errorCode = errorCode;
        _priority = priority;
        _opaqueData = opaqueData;
    }

    /// <summary>The frame header as received (reserved bit dropped).</summary>
    public Http2FrameHeader Header { get; }

    /// <summary>The frame type; may be a value <see cref="Http2FrameType"/> does not name.</summary>
    public Http2FrameType Type => Header.Type;

    /// <summary>The flags as received.</summary>
    public Http2FrameFlags Flags => Header.Flags;

    /// <summary>The stream identifier; 0 for connection-level frames.</summary>
    public uint StreamId => Header.StreamId;

    /// <summary>
    /// The whole payload length as on the wire, padding included. For DATA this is the amount that counts against
    /// the flow-control windows (RFC 9113 §6.9.1), not <see cref="Content"/>'s length.
    /// </summary>
    public int PayloadLength => Header.Length;

    /// <summary>The whole payload as received, including Pad Length, padding and fixed fields.</summary>
    public ReadOnlySequence<byte> Payload { get; }

    /// <summary>
    /// The variable part of the payload: DATA's data and HEADERS', PUSH_PROMISE's and CONTINUATION's field block
    /// fragment (padding, Pad Length, priority and promised stream id removed); GOAWAY's additional debug data;
    /// SETTINGS' parameter list; the whole payload for unknown types; empty for the fixed-size types.
    /// </summary>
    public ReadOnlySequence<byte> Content { get; }

    /// <summary>Whether <see cref="Type"/> is one RFC 9113 defines (DATA..CONTINUATION).</summary>
    public bool IsKnownType => Type <= Http2FrameType.Continuation;

    /// <summary>END_STREAM on DATA and HEADERS.</summary>
    public bool EndStream => (Type is Http2FrameType.Data or Http2FrameType.Headers) && Header.HasFlags(Http2FrameFlags.EndStream);

    /// <summary>END_HEADERS on HEADERS, PUSH_PROMISE and CONTINUATION.</summary>
    public bool EndHeaders => (Type is Http2FrameType.Headers or Http2FrameType.PushPromise or Http2FrameType.Continuation)
        && Header.HasFlags(Http2FrameFlags.EndHeaders);

    /// <summary>ACK on SETTINGS and PING.</summary>
    public bool IsAck => (Type is Http2FrameType.Settings or Http2FrameType.Ping) && Header.HasFlags(Http2FrameFlags.Ack);

    /// <summary>Whether the priority fields are present: always on PRIORITY, with the PRIORITY flag on HEADERS.</summary>
    public bool HasPriority => Type == Http2FrameType.Priority
        || (Type == Http2FrameType.Headers && Header.HasFlags(Http2FrameFlags.Priority));

    /// <summary>The priority fields of PRIORITY, or of HEADERS when <see cref="HasPriority"/>.</summary>
    public Http2Priority Priority => _priority;

    /// <summary>The error code of RST_STREAM and GOAWAY (possibly a value the enum does not name).</summary>
    public Http2ErrorCode ErrorCode => _errorCode;

    /// <summary>The window size increment of WINDOW_UPDATE, 1..2^31-1.</summary>
    public uint WindowSizeIncrement => Type == Http2FrameType.WindowUpdate ? _value : 0;

    /// <summary>The last stream identifier of GOAWAY.</summary>
    public uint LastStreamId => Type == Http2FrameType.GoAway ? _value : 0;

    /// <summary>The promised stream identifier of PUSH_PROMISE.</summary>
    public uint PromisedStreamId => Type == Http2FrameType.PushPromise ? _value : 0;

    /// <summary>The 8 octets of opaque data of PING, as a big-endian number (echo it unchanged in the ACK).</summary>
    public ulong PingData => _opaqueData;

    /// <summary>
    /// The known parameters of a SETTINGS frame (empty for an ACK), validated; unknown identifiers are skipped.
    /// </summary>
    public Http2SettingsEnumerator GetSettings() =>
        new(Type == Http2FrameType.Settings ? Content : ReadOnlySequence<byte>.Empty);
}
