using System.Buffers.Binary;

namespace Mosn.Protocols.Http2.Frames;

/// <summary>
/// Writes HTTP/2 frames (RFC 9113 §6) into an <see cref="IBufferWriter{T}"/>, splitting DATA payloads and field
/// blocks so that no frame exceeds the peer's SETTINGS_MAX_FRAME_SIZE.
/// </summary>
/// <remarks>
/// Stateless and thread-safe; the output is not (the connection's single writer owns it). Methods copy the given
/// bytes into the output and keep no reference to them. They never pad. Flow control is the caller's: pass only as
/// much DATA as the windows allow. Arguments out of protocol range (a stream id above 2^31-1, a frame size outside
/// 16384..16777215, a zero window increment, ...) are programming errors and throw
/// <see cref="ArgumentOutOfRangeException"/> / <see cref="ArgumentException"/>.
/// </remarks>
internal static class Http2FrameWriter
{
    /// <summary>Writes the client connection preface octets (§3.4); a SETTINGS frame must follow.</summary>
    public static void WriteClientPreface(IBufferWriter<byte> output) => output.Write(Http2ConnectionPreface.ClientMagic);

    /// <summary>
    /// Writes <paramref name="data"/> as DATA frames of at most <paramref name="maxFrameSize"/> octets each; END_STREAM
    /// goes on the last one when <paramref name="endStream"/>. Empty data writes one empty frame (useful to end a stream).
    /// </summary>
    public static void WriteData(IBufferWriter<byte> output, uint streamId, ReadOnlySpan<byte> data, bool endStream, int maxFrameSize)
    {
        CheckStream(streamId);
        CheckMaxFrameSize(maxFrameSize);
        do
        {
            var length = Math.Min(data.Length, maxFrameSize);
            var last = length == data.Length;
            var flags = last && endStream ? Http2FrameFlags.EndStream : Http2FrameFlags.None;
            var span = Begin(output, new Http2FrameHeader(length, Http2FrameType.Data, flags, streamId));
            data[..length].CopyTo(span);
            output.Advance(Http2Constants.FrameHeaderLength + length);
            data = data[length..];
        }
        while (!data.IsEmpty);
    }

    /// <summary>As <see cref="WriteData(IBufferWriter{byte}, uint, ReadOnlySpan{byte}, bool, int)"/>, from a multi-segment body.</summary>
    public static void WriteData(IBufferWriter<byte> output, uint streamId, in ReadOnlySequence<byte> data, bool endStream, int maxFrameSize)
    {
        if (data.IsSingleSegment)
        {
            WriteData(output, streamId, data.FirstSpan, endStream, maxFrameSize);
            return;
        }

        CheckStream(streamId);
        CheckMaxFrameSize(maxFrameSize);
        var remaining = data;
        do
        {
            var length = (int)Math.Min(remaining.Length, maxFrameSize);
            var last = length == remaining.Length;
            var flags = last && endStream ? Http2FrameFlags.EndStream : Http2FrameFlags.None;
            var span = Begin(output, new Http2FrameHeader(length, Http2FrameType.Data, flags, streamId));
            remaining.Slice(0, length).CopyTo(span);
            output.Advance(Http2Constants.FrameHeaderLength + length);
            remaining = remaining.Slice(length);
        }
        while (!remaining.IsEmpty);
    }

    /// <summary>
    /// Writes an HPACK-encoded field block as one HEADERS frame followed by as many CONTINUATION frames as needed,
    /// none above <paramref name="maxFrameSize"/>. END_STREAM goes on the HEADERS frame (§8.1), END_HEADERS on the
    /// last frame. With <paramref name="priority"/>, the HEADERS frame carries the PRIORITY flag and fields.
    /// </summary>
    public static void WriteHeaders(IBufferWriter<byte> output, uint streamId, ReadOnlySpan<byte> fieldBlock, bool endStream, int maxFrameSize, Http2Priority? priority = null)
    {
        CheckStream(streamId);
        CheckMaxFrameSize(maxFrameSize);
        var prefix = priority is null ? 0 : Http2Constants.PriorityLength;
        var length = Math.Min(fieldBlock.Length, maxFrameSize - prefix);
        var flags = (endStream ? Http2FrameFlags.EndStream : Http2FrameFlags.None)
            | (length == fieldBlock.Length ? Http2FrameFlags.EndHeaders : Http2FrameFlags.None)
            | (priority is null ? Http2FrameFlags.None : Http2FrameFlags.Priority);
        var span = Begin(output, new Http2FrameHeader(prefix + length, Http2FrameType.Headers, flags, streamId));
        if (priority is { } value)
        {
            WritePriorityFields(span, value);
        }

        fieldBlock[..length].CopyTo(span[prefix..]);
        output.Advance(Http2Constants.FrameHeaderLength + prefix + length);
        WriteContinuations(output, streamId, fieldBlock[length..], maxFrameSize);
    }

    /// <summary>
    /// Writes a PUSH_PROMISE frame promising <paramref name="promisedStreamId"/>, followed by CONTINUATION frames as
    /// needed (§6.6). Provided for completeness: a proxy that never pushes does not call it.
    /// </summary>
    public static void WritePushPromise(IBufferWriter<byte> output, uint streamId, uint promisedStreamId, ReadOnlySpan<byte> fieldBlock, int maxFrameSize)
    {
        CheckStream(streamId);
        CheckStream(promisedStreamId);
        CheckMaxFrameSize(maxFrameSize);
        const int prefix = Http2Constants.Int32PayloadLength;
        var length = Math.Min(fieldBlock.Length, maxFrameSize - prefix);
        var flags = length == fieldBlock.Length ? Http2FrameFlags.EndHeaders : Http2FrameFlags.None;
        var span = Begin(output, new Http2FrameHeader(prefix + length, Http2FrameType.PushPromise, flags, streamId));
        BinaryPrimitives.WriteUInt32BigEndian(span, promisedStreamId);
        fieldBlock[..length].CopyTo(span[prefix..]);
        output.Advance(Http2Constants.FrameHeaderLength + prefix + length);
        WriteContinuations(output, streamId, fieldBlock[length..], maxFrameSize);
    }

    /// <summary>Writes a PRIORITY frame (§6.3).</summary>
    public static void WritePriority(IBufferWriter<byte> output, uint streamId, Http2Priority priority)
    {
        CheckStream(streamId);
        var span = Begin(output, new Http2FrameHeader(Http2Constants.PriorityLength, Http2FrameType.Priority, Http2FrameFlags.None, streamId));
        WritePriorityFields(span, priority);
        output.Advance(Http2Constants.FrameHeaderLength + Http2Constants.PriorityLength);
    }

    /// <summary>Writes an RST_STREAM frame (§6.4).</summary>
    public static void WriteRstStream(IBufferWriter<byte> output, uint streamId, Http2ErrorCode errorCode)
    {
        CheckStream(streamId);
        var span = Begin(output, new Http2FrameHeader(Http2Constants.Int32PayloadLength, Http2FrameType.RstStream, Http2FrameFlags.None, streamId));
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)errorCode);
        output.Advance(Http2Constants.FrameHeaderLength + Http2Constants.Int32PayloadLength);
    }

    /// <summary>
    /// Writes a SETTINGS frame with <paramref name="settings"/> in order (§6.5); the list may be empty. At most
    /// 2730 parameters, so the frame fits the smallest maximum frame size.
    /// </summary>
    public static void WriteSettings(IBufferWriter<byte> output, ReadOnlySpan<Http2Setting> settings)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.Length, Http2Constants.DefaultMaxFrameSize / Http2Constants.SettingLength, nameof(settings));
        var length = settings.Length * Http2Constants.SettingLength;
        var span = Begin(output, new Http2FrameHeader(length, Http2FrameType.Settings, Http2FrameFlags.None, 0));
        foreach (var setting in settings)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)setting.Parameter);
            BinaryPrimitives.WriteUInt32BigEndian(span[2..], setting.Value);
            span = span[Http2Constants.SettingLength..];
        }

        output.Advance(Http2Constants.FrameHeaderLength + length);
    }

    /// <summary>Writes an empty SETTINGS frame with ACK, acknowledging the peer's SETTINGS (§6.5.3).</summary>
    public static void WriteSettingsAck(IBufferWriter<byte> output)
    {
        Begin(output, new Http2FrameHeader(0, Http2FrameType.Settings, Http2FrameFlags.Ack, 0));
        output.Advance(Http2Constants.FrameHeaderLength);
    }

    /// <summary>Writes a PING frame (§6.7); an answer sets <paramref name="ack"/> and echoes the received data.</summary>
    public static void WritePing(IBufferWriter<byte> output, ulong opaqueData, bool ack)
    {
        var flags = ack ? Http2FrameFlags.Ack : Http2FrameFlags.None;
        var span = Begin(output, new Http2FrameHeader(Http2Constants.PingLength, Http2FrameType.Ping, flags, 0));
        BinaryPrimitives.WriteUInt64BigEndian(span, opaqueData);
        output.Advance(Http2Constants.FrameHeaderLength + Http2Constants.PingLength);
    }

    /// <summary>
    /// Writes a GOAWAY frame (§6.8). <paramref name="debugData"/> is diagnostic only; it is truncated so that the
    /// frame fits the smallest maximum frame size every peer accepts.
    /// </summary>
    public static void WriteGoAway(IBufferWriter<byte> output, uint lastStreamId, Http2ErrorCode errorCode, ReadOnlySpan<byte> debugData = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lastStreamId, Http2Constants.MaxStreamId);
        var debug = debugData[..Math.Min(debugData.Length, Http2Constants.DefaultMaxFrameSize - Http2Constants.GoAwayMinLength)];
        var length = Http2Constants.GoAwayMinLength + debug.Length;
        var span = Begin(output, new Http2FrameHeader(length, Http2FrameType.GoAway, Http2FrameFlags.None, 0));
        BinaryPrimitives.WriteUInt32BigEndian(span, lastStreamId);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], (uint)errorCode);
        debug.CopyTo(span[Http2Constants.GoAwayMinLength..]);
        output.Advance(Http2Constants.FrameHeaderLength + length);
    }

    /// <summary>Writes a WINDOW_UPDATE frame (§6.9); stream 0 updates the connection window. The increment is 1..2^31-1.</summary>
    public static void WriteWindowUpdate(IBufferWriter<byte> output, uint streamId, uint increment)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(streamId, Http2Constants.MaxStreamId);
        ArgumentOutOfRangeException.ThrowIfZero(increment);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(increment, (uint)Http2Constants.MaxWindowSize);
        var span = Begin(output, new Http2FrameHeader(Http2Constants.Int32PayloadLength, Http2FrameType.WindowUpdate, Http2FrameFlags.None, streamId));
        BinaryPrimitives.WriteUInt32BigEndian(span, increment);
        output.Advance(Http2Constants.FrameHeaderLength + Http2Constants.Int32PayloadLength);
    }

    private static void WriteContinuations(IBufferWriter<byte> output, uint streamId, ReadOnlySpan<byte> rest, int maxFrameSize)
    {
        while (!rest.IsEmpty)
        {
            var length = Math.Min(rest.Length, maxFrameSize);
            var flags = length == rest.Length ? Http2FrameFlags.EndHeaders : Http2FrameFlags.None;
            var span = Begin(output, new Http2FrameHeader(length, Http2FrameType.Continuation, flags, streamId));
            rest[..length].CopyTo(span);
            output.Advance(Http2Constants.FrameHeaderLength + length);
            rest = rest[length..];
        }
    }

    private static void WritePriorityFields(Span<byte> destination, Http2Priority priority)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(priority.StreamDependency, Http2Constants.MaxStreamId, nameof(priority));
        ArgumentOutOfRangeException.ThrowIfLessThan(priority.Weight, 1, nameof(priority));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(priority.Weight, 256, nameof(priority));
        var dependency = priority.StreamDependency | (priority.Exclusive ? 0x8000_0000u : 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination, dependency);
        destination[4] = (byte)(priority.Weight - 1);
    }

    /// <summary>Gets room for the header and payload, writes the header, and returns the payload part (not yet advanced).</summary>
    private static Span<byte> Begin(IBufferWriter<byte> output, in Http2FrameHeader header)
    {
        var total = Http2Constants.FrameHeaderLength + header.Length;
        var span = output.GetSpan(total);
        header.Write(span);
        return span.Slice(Http2Constants.FrameHeaderLength, header.Length);
    }

    private static void CheckStream(uint streamId)
    {
        ArgumentOutOfRangeException.ThrowIfZero(streamId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(streamId, Http2Constants.MaxStreamId);
    }

    private static void CheckMaxFrameSize(int maxFrameSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameSize, Http2Constants.DefaultMaxFrameSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFrameSize, Http2Constants.MaxAllowedFrameSize);
    }
}
