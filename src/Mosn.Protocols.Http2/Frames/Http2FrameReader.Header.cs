namespace Mosn.Protocols.Http2.Frames;

/// <content>Checks that need only the 9-byte frame header, done before any payload is buffered.</content>
internal sealed partial class Http2FrameReader
{
    private enum HeaderVerdict
    {
        Ok,
        StreamError,
        ConnectionError,
        Ignore,
    }

    private HeaderVerdict CheckHeader(in Http2FrameHeader header, out Http2FrameError error)
    {
        error = default;
        var type = header.Type;
        var streamId = header.StreamId;
        var length = header.Length;

        // §6.2, §6.10: a field block is a contiguous run of frames; anything else in between is a connection error.
        if (_headerBlockStreamId != 0)
        {
            if (type != Http2FrameType.Continuation || streamId != _headerBlockStreamId)
            {
                return Connection(out error, Http2ErrorCode.ProtocolError, streamId, "frame interleaved in a field block");
            }
        }
        else if (type == Http2FrameType.Continuation)
        {
            return Connection(out error, Http2ErrorCode.ProtocolError, streamId, "CONTINUATION without an open field block");
        }

        switch (type)
        {
            case Http2FrameType.Data or Http2FrameType.Headers or Http2FrameType.Priority or Http2FrameType.RstStream
                or Http2FrameType.PushPromise or Http2FrameType.Continuation when streamId == 0:
                return Connection(out error, Http2ErrorCode.ProtocolError, streamId, "stream frame on stream 0");
            case Http2FrameType.Settings or Http2FrameType.Ping or Http2FrameType.GoAway when streamId != 0:
                return Connection(out error, Http2ErrorCode.ProtocolError, streamId, "connection frame on a stream");
        }

        // §8.4: a client cannot push; §6.6: a client that disabled push must not receive PUSH_PROMISE.
        if (type == Http2FrameType.PushPromise && (IsServer || !PushEnabled))
        {
            return Connection(out error, Http2ErrorCode.ProtocolError, streamId, IsServer ? "PUSH_PROMISE sent by a client" : "PUSH_PROMISE with push disabled");
        }

        var verdict = CheckLength(header, out error);
        if (verdict != HeaderVerdict.Ok)
        {
            return verdict;
        }

        // §4.2: an oversized frame that can alter connection state is a connection error, otherwise a stream error.
        if (length > _maxFrameSize)
        {
            if (streamId == 0 || type is Http2FrameType.Headers or Http2FrameType.PushPromise or Http2FrameType.Continuation or Http2FrameType.Settings)
            {
                return Connection(out error, Http2ErrorCode.FrameSizeError, streamId, "frame larger than SETTINGS_MAX_FRAME_SIZE");
            }

            if (type > Http2FrameType.Continuation)
            {
                return HeaderVerdict.Ignore;
            }

            error = Http2FrameError.Stream(Http2ErrorCode.FrameSizeError, streamId, "frame larger than SETTINGS_MAX_FRAME_SIZE");
            return HeaderVerdict.StreamError;
        }

        return HeaderVerdict.Ok;
    }

    /// <summary>Fixed and minimum payload lengths per type (§6.1-§6.9); a wrong length is a FRAME_SIZE_ERROR.</summary>
    private static HeaderVerdict CheckLength(in Http2FrameHeader header, out Http2FrameError error)
    {
        error = default;
        var length = header.Length;
        var streamId = header.StreamId;
        var padded = header.HasFlags(Http2FrameFlags.Padded) ? 1 : 0;
        switch (header.Type)
        {
            case Http2FrameType.Data when length < padded:
                error = Http2FrameError.Stream(Http2ErrorCode.FrameSizeError, streamId, "padded DATA without Pad Length");
                return HeaderVerdict.StreamError;
            case Http2FrameType.Headers when length < padded + (header.HasFlags(Http2FrameFlags.Priority) ? Http2Constants.PriorityLength : 0):
                return Connection(out error, Http2ErrorCode.FrameSizeError, streamId, "HEADERS too short for its fields");
            case Http2FrameType.PushPromise when length < padded + Http2Constants.Int32PayloadLength:
                return Connection(out error, Http2ErrorCode.FrameSizeError, streamId, "PUSH_PROMISE too short for its fields");
            case Http2FrameType.Priority when length != Http2Constants.PriorityLength:
                error = Http2FrameError.Stream(Http2ErrorCode.FrameSizeError, streamId, "PRIORITY length is not 5");
                return HeaderVerdict.StreamError;
            case Http2FrameType.RstStream when length != Http2Constants.Int32PayloadLength:
                return Connection(out error, Http2ErrorCode.FrameSizeError, streamId, "RST_STREAM length is not 4");
            case Http2FrameType.Settings when header.HasFlags(Http2FrameFlags.Ack) && length != 0:
                return Connection(out error, Http2ErrorCode.FrameSizeError, streamId, "SETTINGS ACK with a payload");
            case Http2FrameType.Settings when length % Http2Constants.SettingLength != 0:
                return Connection(out error, Http2ErrorCode.FrameSizeError, streamId, "SETTINGS length is not a multiple of 6");
            case Http2FrameType.Ping when length != Http2Constants.PingLength:
                return Connection(out error, Http2ErrorCode.FrameSizeError, streamId, "PING length is not 8");
            case Http2FrameType.GoAway when length < Http2Constants.GoAwayMinLength:
                return Connection(out error, Http2ErrorCode.FrameSizeError, streamId, "GOAWAY shorter than 8");
            case Http2FrameType.WindowUpdate when length != Http2Constants.Int32PayloadLength:
                return Connection(out error, Http2ErrorCode.FrameSizeError, streamId, "WINDOW_UPDATE length is not 4");
            default:
                return HeaderVerdict.Ok;
        }
    }

    private static HeaderVerdict Connection(out Http2FrameError error, Http2ErrorCode code, uint streamId, string reason)
    {
        error = Http2FrameError.Connection(code, streamId, reason);
        return HeaderVerdict.ConnectionError;
    }
}
