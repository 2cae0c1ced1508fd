using System.Buffers.Binary;

namespace Mosn.Protocols.Http2.Frames;

/// <content>Type-specific parsing and validation of a complete, buffered payload.</content>
internal sealed partial class Http2FrameReader
{
    /// <summary>Longest fixed prefix any frame type needs to read: PING's 8 octets, GOAWAY's 8 octets.</summary>
    private const int MaxFixedFieldsLength = 8;

    private Http2FrameStatus ParsePayload(in Http2FrameHeader header, in ReadOnlySequence<byte> payload, out Http2Frame frame, out Http2FrameError error)
    {
        error = default;
        Span<byte> scratch = stackalloc byte[MaxFixedFieldsLength];
        var fields = Prefix(payload, scratch);
        switch (header.Type)
        {
            case Http2FrameType.Data:
                return ParseData(header, payload, fields, out frame, out error);
            case Http2FrameType.Headers:
                return ParseHeaders(header, payload, fields, out frame, out error);
            case Http2FrameType.Priority:
                {
                    var priority = ReadPriority(fields);
                    frame = new Http2Frame(header, payload, default, priority: priority);
                    return CheckSelfDependency(header, priority, out error);
                }

            case Http2FrameType.RstStream:
                frame = new Http2Frame(header, payload, default, errorCode: (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(fields));
                return Http2FrameStatus.Frame;
            case Http2FrameType.Settings:
                frame = new Http2Frame(header, payload, payload);
                return CheckSettings(header, payload, out error);
            case Http2FrameType.PushPromise:
                return ParsePushPromise(header, payload, fields, out frame, out error);
            case Http2FrameType.Ping:
                frame = new Http2Frame(header, payload, default, opaqueData: BinaryPrimitives.ReadUInt64BigEndian(fields));
                return Http2FrameStatus.Frame;
            case Http2FrameType.GoAway:
                frame = new Http2Frame(
                    header,
                    payload,
                    payload.Slice(Http2Constants.GoAwayMinLength),
                    value: BinaryPrimitives.ReadUInt32BigEndian(fields) & Http2Constants.StreamIdMask,
                    errorCode: (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(fields[4..]));
                return Http2FrameStatus.Frame;
            case Http2FrameType.WindowUpdate:
                return ParseWindowUpdate(header, payload, fields, out frame, out error);
            default:
                // CONTINUATION's payload is all fragment; an unknown type's payload is opaque (§5.5).
                frame = new Http2Frame(header, payload, payload);
                return Http2FrameStatus.Frame;
        }
    }

    private static Http2FrameStatus ParseData(in Http2FrameHeader header, in ReadOnlySequence<byte> payload, ReadOnlySpan<byte> fields, out Http2Frame frame, out Http2FrameError error)
    {
        error = default;
        if (!header.HasFlags(Http2FrameFlags.Padded))
        {
            frame = new Http2Frame(header, payload, payload);
            return Http2FrameStatus.Frame;
        }

        // §6.1: padding as long as the payload or longer is a connection error.
        int padLength = fields[0];
        if (padLength >= header.Length)
        {
            frame = new Http2Frame(header, payload, default);
            error = Http2FrameError.Connection(Http2ErrorCode.ProtocolError, header.StreamId, "DATA padding exceeds the payload");
            return Http2FrameStatus.ConnectionError;
        }

        frame = new Http2Frame(header, payload, payload.Slice(1, header.Length - 1 - padLength));
        return Http2FrameStatus.Frame;
    }

    private static Http2FrameStatus ParseHeaders(in Http2FrameHeader header, in ReadOnlySequence<byte> payload, ReadOnlySpan<byte> fields, out Http2Frame frame, out Http2FrameError error)
    {
        error = default;
        var offset = 0;
        var padLength = 0;
        if (header.HasFlags(Http2FrameFlags.Padded))
        {
            padLength = fields[0];
            offset = 1;
        }

        var priority = default(Http2Priority);
        var hasPriority = header.HasFlags(Http2FrameFlags.Priority);
        if (hasPriority)
        {
            priority = ReadPriority(fields[offset..]);
            offset += Http2Constants.PriorityLength;
        }

        // §6.2: padding that exceeds the room left for the field block fragment is a connection error.
        if (padLength > header.Length - offset)
        {
            frame = new Http2Frame(header, payload, default);
            error = Http2FrameError.Connection(Http2ErrorCode.ProtocolError, header.StreamId, "HEADERS padding exceeds the payload");
            return Http2FrameStatus.ConnectionError;
        }

        frame = new Http2Frame(header, payload, payload.Slice(offset, header.Length - offset - padLength), priority: priority);
        return hasPriority ? CheckSelfDependency(header, priority, out error) : Http2FrameStatus.Frame;
    }

    private static Http2FrameStatus ParsePushPromise(in Http2FrameHeader header, in ReadOnlySequence<byte> payload, ReadOnlySpan<byte> fields, out Http2Frame frame, out Http2FrameError error)
    {
        error = default;
        var offset = 0;
        var padLength = 0;
        if (header.HasFlags(Http2FrameFlags.Padded))
        {
            padLength = fields[0];
            offset = 1;
        }

        var promisedStreamId = BinaryPrimitives.ReadUInt32BigEndian(fields[offset..]) & Http2Constants.StreamIdMask;
        offset += Http2Constants.Int32PayloadLength;
        if (padLength > header.Length - offset)
        {
            frame = new Http2Frame(header, payload, default);
            error = Http2FrameError.Connection(Http2ErrorCode.ProtocolError, header.StreamId, "PUSH_PROMISE padding exceeds the payload");
            return Http2FrameStatus.ConnectionError;
        }

        frame = new Http2Frame(header, payload, payload.Slice(offset, header.Length - offset - padLength), value: promisedStreamId);
        return Http2FrameStatus.Frame;
    }

    private static Http2FrameStatus ParseWindowUpdate(in Http2FrameHeader header, in ReadOnlySequence<byte> payload, ReadOnlySpan<byte> fields, out Http2Frame frame, out Http2FrameError error)
    {
        error = default;
        var increment = BinaryPrimitives.ReadUInt32BigEndian(fields) & Http2Constants.StreamIdMask;
        frame = new Http2Frame(header, payload, default, value: increment);
        if (increment != 0)
        {
            return Http2FrameStatus.Frame;
        }

        // §6.9: a zero increment is a stream error on a stream and a connection error on the connection.
        if (header.StreamId == 0)
        {
            error = Http2FrameError.Connection(Http2ErrorCode.ProtocolError, 0, "WINDOW_UPDATE increment of 0");
            return Http2FrameStatus.ConnectionError;
        }

        error = Http2FrameError.Stream(Http2ErrorCode.ProtocolError, header.StreamId, "WINDOW_UPDATE increment of 0");
        return Http2FrameStatus.StreamError;
    }

    /// <summary>§6.5.2: value rules of the known parameters; every violation is a connection error.</summary>
    private Http2FrameStatus CheckSettings(in Http2FrameHeader header, in ReadOnlySequence<byte> payload, out Http2FrameError error)
    {
        error = default;
        foreach (var setting in new Http2SettingsEnumerator(payload))
        {
            var (code, reason) = setting switch
            {
                { Parameter: Http2SettingsParameter.EnablePush, Value: > 1 } =>
                    (Http2ErrorCode.ProtocolError, "SETTINGS_ENABLE_PUSH is not 0 or 1"),
                { Parameter: Http2SettingsParameter.EnablePush, Value: 1 } when !IsServer =>
                    (Http2ErrorCode.ProtocolError, "SETTINGS_ENABLE_PUSH of 1 sent by a server"),
                { Parameter: Http2SettingsParameter.InitialWindowSize, Value: > Http2Constants.MaxWindowSize } =>
                    (Http2ErrorCode.FlowControlError, "SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1"),
                { Parameter: Http2SettingsParameter.MaxFrameSize, Value: < Http2Constants.DefaultMaxFrameSize or > Http2Constants.MaxAllowedFrameSize } =>
                    (Http2ErrorCode.ProtocolError, "SETTINGS_MAX_FRAME_SIZE outside 16384..16777215"),
                { Parameter: Http2SettingsParameter.EnableConnectProtocol, Value: > 1 } =>
                    (Http2ErrorCode.ProtocolError, "SETTINGS_ENABLE_CONNECT_PROTOCOL is not 0 or 1"),
                { Parameter: Http2SettingsParameter.NoRfc7540Priorities, Value: > 1 } =>
                    (Http2ErrorCode.ProtocolError, "SETTINGS_NO_RFC7540_PRIORITIES is not 0 or 1"),
                _ => (Http2ErrorCode.NoError, null),
            };

            if (reason is not null)
            {
                error = Http2FrameError.Connection(code, header.StreamId, reason);
                return Http2FrameStatus.ConnectionError;
            }
        }

        return Http2FrameStatus.Frame;
    }

    /// <summary>§5.3.1: a stream cannot depend on itself (a stream error).</summary>
    private static Http2FrameStatus CheckSelfDependency(in Http2FrameHeader header, in Http2Priority priority, out Http2FrameError error)
    {
        if (priority.StreamDependency == header.StreamId)
        {
            error = Http2FrameError.Stream(Http2ErrorCode.ProtocolError, header.StreamId, "stream depends on itself");
            return Http2FrameStatus.StreamError;
        }

        error = default;
        return Http2FrameStatus.Frame;
    }

    private static Http2Priority ReadPriority(ReadOnlySpan<byte> fields)
    {
        var dependency = BinaryPrimitives.ReadUInt32BigEndian(fields);
        return new Http2Priority(dependency & Http2Constants.StreamIdMask, (dependency & ~Http2Constants.StreamIdMask) != 0, fields[4] + 1);
    }

    /// <summary>The first (up to 8) payload bytes as one span: the first segment when long enough, else a copy.</summary>
    private static ReadOnlySpan<byte> Prefix(in ReadOnlySequence<byte> payload, Span<byte> scratch)
    {
        var length = (int)Math.Min(payload.Length, scratch.Length);
        if (payload.FirstSpan.Length >= length)
        {
            return payload.FirstSpan[..length];
        }

        payload.Slice(0, length).CopyTo(scratch);
        return scratch[..length];
    }
}
