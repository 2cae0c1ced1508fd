using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http2.Frames;
using Mosn.Protocols.Http2.HPack;
using Mosn.Protocols.Http2.Messages;
using Mosn.Streams;

namespace Mosn.Protocols.Http2.Connection;

internal abstract partial class Http2Connection
{
    /// <summary>Most control frames (acks, resets) we write while the peer is not reading before we give up on it.</summary>
    internal const int MaxControlFramesWhileBlocked = 1000;

    /// <summary>Most PING and SETTINGS frames accepted in <see cref="FloodWindowMilliseconds"/>.</summary>
    internal const int MaxPingsAndSettingsPerWindow = 1000;

    internal const long FloodWindowMilliseconds = 10_000;

    /// <summary>Consecutive DATA frames with no data and no END_STREAM tolerated (Envoy's default is 1).</summary>
    internal const int MaxConsecutiveEmptyFrames = 1;

    /// <summary>PRIORITY frames allowed per stream opened (plus one stream's worth).</summary>
    internal const int MaxPriorityFramesPerStream = 100;

    /// <summary>WINDOW_UPDATE frames allowed per DATA frame we sent, plus <see cref="WindowUpdateAllowance"/>.</summary>
    internal const int MaxWindowUpdatesPerDataFrame = 10;

    internal const int WindowUpdateAllowance = 100;

    private int _controlFramesWhileAbove;
    private int _consecutiveEmpty;
    private long _priorityFrames;
    private long _windowUpdateFrames;
    private long _floodWindowStart;
    private int _floodWindowCount;
    private bool _prefaceReceived;

    /// <summary>Streams opened by the peer (for the per-stream flood allowances).</summary>
    protected long StreamsOpened { get; set; }

    /// <summary>DATA frames we sent.</summary>
    protected long DataFramesSent { get; set; }

    /// <inheritdoc />
    public void Dispatch(ReadBuffer buffer)
    {
        if (Volatile.Read(ref _closedFlag) != 0)
        {
            buffer.ConsumeAll();
            return;
        }

        var input = buffer.Data;
        if (IsServer && !_prefaceReceived)
        {
            switch (Http2ConnectionPreface.Match(input))
            {
                case MatchResult.Again:
                    if (buffer.IsEndOfStream)
                    {
                        buffer.ConsumeAll();
                        Connection.Close(ConnectionCloseType.NoFlush);
                    }

                    return;
                case MatchResult.Failed:
                    lock (Sync)
                    {
                        ConnectionErrorLocked(Http2ErrorCode.ProtocolError, "invalid connection preface");
                    }

                    buffer.ConsumeAll();
                    RunDeferred(inline: true);
                    return;
            }

            _prefaceReceived = true;
            input = input.Slice(Http2ConnectionPreface.Length);
        }

        while (true)
        {
            var status = Reader.TryRead(input, out var consumed, out var frame, out var error);
            if (status == Http2FrameStatus.NeedMore)
            {
                input = input.Slice(consumed);
                break;
            }

            switch (status)
            {
                case Http2FrameStatus.Frame:
                    OnFrame(frame);
                    break;
                case Http2FrameStatus.StreamError:
                    OnFrameStreamError(frame, error);
                    break;
                default:
                    lock (Sync)
                    {
                        ConnectionErrorLocked(error.Code, error.Reason);
                    }

                    break;
            }

            input = input.Slice(consumed);
            RunDeferred(inline: true);
            if (Volatile.Read(ref _closedFlag) != 0)
            {
                input = input.Slice(input.End);
                break;
            }
        }

        buffer.Consume(input.Start);
        RunDeferred(inline: true);
    }

    // Backs Closed; read without the lock by Dispatch.
    private int _closedFlag;

    private void OnFrame(in Http2Frame frame)
    {
        if (!PeerSettingsReceived && frame.Type != Http2FrameType.Settings)
        {
            lock (Sync)
            {
                ConnectionErrorLocked(Http2ErrorCode.ProtocolError, "first frame is not SETTINGS");
            }

            return;
        }

        TrackEmptyFrames(frame);
        switch (frame.Type)
        {
            case Http2FrameType.Data:
                OnData(frame);
                break;
            case Http2FrameType.Headers:
                OnHeaderBlockFrame(frame, Assembler.Begin(frame));
                break;
            case Http2FrameType.Continuation:
                OnHeaderBlockFrame(frame, Assembler.Append(frame));
                break;
            case Http2FrameType.Priority:
                OnPriority();
                break;
            case Http2FrameType.RstStream:
                OnRstStream(frame);
                break;
            case Http2FrameType.Settings:
                OnSettings(frame);
                break;
            case Http2FrameType.PushPromise:
                lock (Sync)
                {
                    ConnectionErrorLocked(Http2ErrorCode.ProtocolError, "PUSH_PROMISE while push is disabled");
                }

                break;
            case Http2FrameType.Ping:
                OnPing(frame);
                break;
            case Http2FrameType.GoAway:
                OnGoAwayFrame(frame);
                break;
            case Http2FrameType.WindowUpdate:
                OnWindowUpdate(frame);
                break;
        }
    }

    private void TrackEmptyFrames(in Http2Frame frame)
    {
        if (frame.Type is not (Http2FrameType.Data or Http2FrameType.Headers or Http2FrameType.Continuation))
        {
            return;
        }

        if (frame.PayloadLength > 0 || frame.EndStream)
        {
            _consecutiveEmpty = 0;
            return;
        }

        if (++_consecutiveEmpty > MaxConsecutiveEmptyFrames)
        {
            lock (Sync)
            {
                Http2Stats.OnFlood(IsServer);
                ConnectionErrorLocked(Http2ErrorCode.EnhanceYourCalm, "too many consecutive empty frames");
            }
        }
    }

    /// <summary>A frame the reader rejected as a stream error: keep HPACK in step, then reset the stream.</summary>
    private void OnFrameStreamError(in Http2Frame frame, in Http2FrameError error)
    {
        if (frame.Type == Http2FrameType.Headers && !frame.Payload.IsEmpty)
        {
            // A self-dependent HEADERS: the block must still be decoded (§4.3) before the stream is reset.
            var begin = Assembler.Begin(frame);
            if (begin == HeaderBlockStatus.Complete)
            {
                DecodeAndDiscard(Assembler.Block);
                Assembler.Reset();
            }
            else if (begin == HeaderBlockStatus.Incomplete)
            {
                _discardBlockStreamId = frame.StreamId;
            }
        }

        lock (Sync)
        {
            if (frame.Type == Http2FrameType.Data)
            {
                // Its bytes still count against the connection window (§6.9.1); give them back at once.
                if (!TakeConnectionWindowLocked(frame.PayloadLength))
                {
                    return;
                }

                ReturnConnectionBytesLocked(frame.PayloadLength);
            }

            StreamErrorLocked(error.StreamId, error.Code, StreamResetReason.ProtocolError);
        }
    }

    // A stream whose HEADERS began a block we decode only to keep HPACK in step.
    private uint _discardBlockStreamId;

    private void OnHeaderBlockFrame(in Http2Frame frame, HeaderBlockStatus status)
    {
        switch (status)
        {
            case HeaderBlockStatus.Incomplete:
                return;
            case HeaderBlockStatus.Complete:
                var streamId = Assembler.StreamId;
                var endStream = Assembler.EndStream;
                var block = Assembler.Block;
                if (_discardBlockStreamId != 0 && _discardBlockStreamId == streamId)
                {
                    _discardBlockStreamId = 0;
                    DecodeAndDiscard(block);
                }
                else
                {
                    OnHeaderBlock(streamId, endStream, block);
                }

                Assembler.Reset();
                return;
            case HeaderBlockStatus.UnexpectedFrame:
                lock (Sync)
                {
                    ConnectionErrorLocked(Http2ErrorCode.ProtocolError, "unexpected CONTINUATION");
                }

                return;
            case HeaderBlockStatus.TooManyContinuations:
                lock (Sync)
                {
                    Http2Stats.OnFlood(IsServer);
                    ConnectionErrorLocked(Http2ErrorCode.EnhanceYourCalm, "too many CONTINUATION frames");
                }

                return;
            default:
                lock (Sync)
                {
                    Http2Stats.OnFlood(IsServer);
                    ConnectionErrorLocked(Http2ErrorCode.EnhanceYourCalm, "header block too large");
                }

                return;
        }
    }

    /// <summary>Handles one complete field block (HEADERS plus CONTINUATION) on <paramref name="streamId"/>. Read loop only.</summary>
    protected abstract void OnHeaderBlock(uint streamId, bool endStream, in ReadOnlySequence<byte> block);

    /// <summary>A field block on a stream whose headers already arrived: trailers, which must end the stream.</summary>
    protected void OnTrailersBlock(Http2Stream stream, bool endStream, in ReadOnlySequence<byte> block)
    {
        if (!Decode(block, HeaderBlockKind.Trailers, out var tooLarge))
        {
            return;
        }

        var error = Collector.Complete(out var trailers);
        lock (Sync)
        {
            if (stream.IsClosed)
            {
                return;
            }

            if (stream.RemoteEnded)
            {
                StreamErrorLocked(stream.StreamId, Http2ErrorCode.StreamClosed, StreamResetReason.ProtocolError);
                return;
            }

            if (!endStream || tooLarge || error != HeaderValidationError.None
                || (stream.ExpectedLength >= 0 && stream.ReceivedLength != stream.ExpectedLength))
            {
                Http2Stats.OnMalformed(IsServer);
                StreamErrorLocked(stream.StreamId, Http2ErrorCode.ProtocolError, StreamResetReason.ProtocolError);
                return;
            }

            stream.RemoteEnded = true;
        }

        stream.Receiver?.OnTrailers(trailers);
        lock (Sync)
        {
            OnRemoteEndLocked(stream);
        }
    }

    /// <summary>
    /// Decodes a block into <see cref="Collector"/> as <paramref name="kind"/>. Returns false after a compression error
    /// (the connection is then failed); otherwise <paramref name="listTooLarge"/> tells whether the decoded list passed
    /// our SETTINGS_MAX_HEADER_LIST_SIZE (the HPACK state is still in step).
    /// </summary>
    protected bool Decode(in ReadOnlySequence<byte> block, HeaderBlockKind kind, out bool listTooLarge)
    {
        Collector.Begin(kind);
        var collector = Collector;
        var result = Decoder.Decode(block, ref collector);
        listTooLarge = result == HPackError.HeaderListTooLarge;
        if (result.IsCompressionError())
        {
            lock (Sync)
            {
                ConnectionErrorLocked(Http2ErrorCode.CompressionError, "HPACK: " + result);
            }

            return false;
        }

        return true;
    }

    /// <summary>Decodes a block we will not use, to keep the HPACK context in step.</summary>
    protected void DecodeAndDiscard(in ReadOnlySequence<byte> block) => Decode(block, HeaderBlockKind.Trailers, out _);

    private void OnData(in Http2Frame frame)
    {
        Http2Stream? stream;
        var length = frame.PayloadLength;
        var content = frame.Content;
        var endStream = frame.EndStream;
        lock (Sync)
        {
            if (!TakeConnectionWindowLocked(length))
            {
                return;
            }

            stream = FindStreamForDataLocked(frame.StreamId);
            if (stream is null)
            {
                ReturnConnectionBytesLocked(length);
                return;
            }

            if (length > stream.RecvWindow)
            {
                ReturnConnectionBytesLocked(length);
                StreamErrorLocked(stream.StreamId, Http2ErrorCode.FlowControlError, StreamResetReason.ProtocolError);
                return;
            }

            stream.RecvWindow -= length;
            stream.ReceivedLength += content.Length;
            if ((stream.ExpectedLength >= 0 && stream.ReceivedLength > stream.ExpectedLength)
                || (endStream && stream.ExpectedLength >= 0 && stream.ReceivedLength != stream.ExpectedLength && !stream.IsHeadRequest))
            {
                ReturnConnectionBytesLocked(length);
                StreamErrorLocked(stream.StreamId, Http2ErrorCode.ProtocolError, StreamResetReason.ProtocolError);
                return;
            }

            if (IsServer && Options.MaxRequestBodySize > 0 && stream.ReceivedLength > Options.MaxRequestBodySize)
            {
                ReturnConnectionBytesLocked(length);
                OnRequestBodyTooLargeLocked(stream);
                return;
            }

            var padding = length - (int)content.Length;
            if (padding > 0)
            {
                ConsumeLocked(stream, padding);
            }

            if (endStream)
            {
                stream.RemoteEnded = true;
            }
        }

        if (!content.IsEmpty || endStream)
        {
            stream.Receiver?.OnData(content, endStream);
        }

        lock (Sync)
        {
            if (!content.IsEmpty)
            {
                if (stream.ReadDisableCount > 0 && !stream.IsClosed)
                {
                    stream.RecvHeld += content.Length;
                }
                else
                {
                    ConsumeLocked(stream, content.Length);
                }
            }

            if (endStream)
            {
                OnRemoteEndLocked(stream);
            }
        }
    }

    /// <summary>The request body passed the configured limit (server only).</summary>
    protected virtual void OnRequestBodyTooLargeLocked(Http2Stream stream) =>
        StreamErrorLocked(stream.StreamId, Http2ErrorCode.Cancel, StreamResetReason.ProtocolError);

    /// <summary>The peer ended its side of <paramref name="stream"/>.</summary>
    protected void OnRemoteEndLocked(Http2Stream stream) => CloseIfDoneLocked(stream);

    /// <summary>
    /// Finds the stream a DATA frame belongs to, or answers the frame: a connection error for an idle stream, a stream
    /// error for a half-closed one; frames on streams already closed are dropped (they may be in flight).
    /// </summary>
    private Http2Stream? FindStreamForDataLocked(uint streamId)
    {
        if (Streams.TryGetValue(streamId, out var stream))
        {
            if (stream.RemoteEnded || !stream.HeadersReceived)
            {
                StreamErrorLocked(streamId, stream.RemoteEnded ? Http2ErrorCode.StreamClosed : Http2ErrorCode.ProtocolError, StreamResetReason.ProtocolError);
                return null;
            }

            return stream;
        }

        if (IsIdleStream(streamId))
        {
            ConnectionErrorLocked(Http2ErrorCode.ProtocolError, "DATA on an idle stream");
        }
        else if (!WasResetByUs(streamId))
        {
            // Closed cleanly, or reset by the peer itself: it should know better (§5.1). Frames on streams we reset are
            // ignored: they may have been sent before our RST_STREAM arrived.
            StreamErrorLocked(streamId, Http2ErrorCode.StreamClosed, StreamResetReason.ProtocolError);
        }

        return null;
    }

    /// <summary>Whether <paramref name="streamId"/> was never opened (RFC 9113 §5.1 "idle").</summary>
    protected abstract bool IsIdleStream(uint streamId);

    private bool TakeConnectionWindowLocked(int length)
    {
        if (length > ConnectionRecvWindow)
        {
            ConnectionErrorLocked(Http2ErrorCode.FlowControlError, "connection flow-control window exceeded");
            return false;
        }

        ConnectionRecvWindow -= length;
        return true;
    }

    /// <summary>Returns bytes to the connection window only (for frames whose stream is gone).</summary>
    private void ReturnConnectionBytesLocked(long count)
    {
        ConnectionRecvUnacked += count;
        if (ConnectionRecvUnacked >= LocalConnectionWindow / 2)
        {
            WriteWindowUpdateLocked(0, ConnectionRecvUnacked);
            ConnectionRecvWindow += ConnectionRecvUnacked;
            ConnectionRecvUnacked = 0;
        }
    }

    /// <summary>Bytes the receiver of <paramref name="stream"/> took: return them to both windows when due.</summary>
    protected void ConsumeLocked(Http2Stream stream, long count)
    {
        if (Closed)
        {
            return;
        }

        ReturnConnectionBytesLocked(count);
        if (stream.RemoteEnded || stream.IsClosed)
        {
            return;
        }

        stream.RecvUnacked += count;
        if (stream.RecvUnacked >= LocalStreamWindow / 2)
        {
            WriteWindowUpdateLocked(stream.StreamId, stream.RecvUnacked);
            stream.RecvWindow += stream.RecvUnacked;
            stream.RecvUnacked = 0;
        }
    }

    private void WriteWindowUpdateLocked(uint streamId, long increment)
    {
        var output = Connection.BeginWrite();
        Http2FrameWriter.WriteWindowUpdate(output, streamId, (uint)increment);
        Connection.EndWrite();
    }

    /// <summary>Pauses or resumes returning window for a stream's received bytes.</summary>
    internal void ReadDisableStream(Http2Stream stream, bool disable)
    {
        lock (Sync)
        {
            if (disable)
            {
                stream.ReadDisableCount++;
                return;
            }

            if (stream.ReadDisableCount == 0)
            {
                return;
            }

            stream.ReadDisableCount--;
            if (stream.ReadDisableCount == 0 && stream.RecvHeld > 0)
            {
                var held = stream.RecvHeld;
                stream.RecvHeld = 0;
                ConsumeLocked(stream, held);
            }
        }

        RunDeferred();
    }

    private void OnPriority()
    {
        if (++_priorityFrames > MaxPriorityFramesPerStream * (StreamsOpened + 1))
        {
            lock (Sync)
            {
                Http2Stats.OnFlood(IsServer);
                ConnectionErrorLocked(Http2ErrorCode.EnhanceYourCalm, "PRIORITY flood");
            }
        }
    }

    private void OnRstStream(in Http2Frame frame)
    {
        lock (Sync)
        {
            if (Streams.TryGetValue(frame.StreamId, out var stream))
            {
                Http2Stats.OnResetReceived(IsServer);
                OnPeerResetLocked(stream, frame.ErrorCode);
                return;
            }

            if (IsIdleStream(frame.StreamId))
            {
                ConnectionErrorLocked(Http2ErrorCode.ProtocolError, "RST_STREAM on an idle stream");
            }
        }
    }

    /// <summary>The peer reset <paramref name="stream"/> with <paramref name="code"/>.</summary>
    protected virtual void OnPeerResetLocked(Http2Stream stream, Http2ErrorCode code) =>
        ResetLocked(stream, code == Http2ErrorCode.RefusedStream ? StreamResetReason.RefusedStream : StreamResetReason.RemoteReset);

    private void OnSettings(in Http2Frame frame)
    {
        lock (Sync)
        {
            if (frame.IsAck)
            {
                return;
            }

            if (!CountPingOrSettingsLocked())
            {
                return;
            }

            PeerSettingsReceived = true;
            foreach (var setting in frame.GetSettings())
            {
                switch (setting.Parameter)
                {
                    case Http2SettingsParameter.HeaderTableSize:
                        Encoder.SetPeerHeaderTableSize(setting.Value);
                        break;
                    case Http2SettingsParameter.EnablePush when !IsServer && setting.Value != 0:
                        ConnectionErrorLocked(Http2ErrorCode.ProtocolError, "server sent SETTINGS_ENABLE_PUSH");
                        return;
                    case Http2SettingsParameter.MaxConcurrentStreams:
                        PeerMaxConcurrentStreams = setting.Value;
                        break;
                    case Http2SettingsParameter.InitialWindowSize:
                        if (!ApplyInitialWindowLocked(setting.Value))
                        {
                            return;
                        }

                        break;
                    case Http2SettingsParameter.MaxFrameSize:
                        PeerMaxFrameSize = (int)setting.Value;
                        break;
                }
            }

            var output = Connection.BeginWrite();
            Http2FrameWriter.WriteSettingsAck(output);
            Connection.EndWrite();
            CountControlFrameLocked();
            FlushBlockedLocked();
        }
    }

    private bool ApplyInitialWindowLocked(uint value)
    {
        var delta = value - PeerInitialWindow;
        PeerInitialWindow = value;
        foreach (var stream in Streams.Values)
        {
            stream.SendWindow += delta;
            if (stream.SendWindow > Http2Constants.MaxWindowSize)
            {
                ConnectionErrorLocked(Http2ErrorCode.FlowControlError, "SETTINGS_INITIAL_WINDOW_SIZE overflows a stream window");
                return false;
            }
        }

        return true;
    }

    private void OnPing(in Http2Frame frame)
    {
        if (frame.IsAck)
        {
            return;
        }

        lock (Sync)
        {
            if (!CountPingOrSettingsLocked())
            {
                return;
            }

            var output = Connection.BeginWrite();
            Http2FrameWriter.WritePing(output, frame.PingData, ack: true);
            Connection.EndWrite();
            CountControlFrameLocked();
        }
    }

    private bool CountPingOrSettingsLocked()
    {
        var now = Environment.TickCount64;
        if (now - _floodWindowStart > FloodWindowMilliseconds)
        {
            _floodWindowStart = now;
            _floodWindowCount = 0;
        }

        if (++_floodWindowCount > MaxPingsAndSettingsPerWindow)
        {
            Http2Stats.OnFlood(IsServer);
            ConnectionErrorLocked(Http2ErrorCode.EnhanceYourCalm, "PING/SETTINGS flood");
            return false;
        }

        return true;
    }

    /// <summary>Counts a control frame written in answer to the peer; a peer that sends them without reading is cut off.</summary>
    protected void CountControlFrameLocked()
    {
        if (ConnectionAbove && ++_controlFramesWhileAbove > MaxControlFramesWhileBlocked && !Closed)
        {
            Http2Stats.OnFlood(IsServer);
            Http2Log.ConnectionError(Logger, Connection.Id, IsServer ? "downstream" : "upstream", Http2ErrorCode.EnhanceYourCalm, "control frames queued while the peer does not read");
            Closed = true;
            DeferClose(ConnectionCloseType.NoFlush);
        }
    }

    private void OnGoAwayFrame(in Http2Frame frame)
    {
        lock (Sync)
        {
            Http2Log.GoAwayReceived(Logger, Connection.Id, frame.LastStreamId, frame.ErrorCode);
            OnGoAwayLocked(frame.LastStreamId, frame.ErrorCode);
        }
    }

    /// <summary>GOAWAY received.</summary>
    protected abstract void OnGoAwayLocked(uint lastStreamId, Http2ErrorCode code);

    private void OnWindowUpdate(in Http2Frame frame)
    {
        lock (Sync)
        {
            if (++_windowUpdateFrames > WindowUpdateAllowance + (MaxWindowUpdatesPerDataFrame * DataFramesSent))
            {
                Http2Stats.OnFlood(IsServer);
                ConnectionErrorLocked(Http2ErrorCode.EnhanceYourCalm, "WINDOW_UPDATE flood");
                return;
            }

            var increment = frame.WindowSizeIncrement;
            if (frame.StreamId == 0)
            {
                ConnectionSendWindow += increment;
                if (ConnectionSendWindow > Http2Constants.MaxWindowSize)
                {
                    ConnectionErrorLocked(Http2ErrorCode.FlowControlError, "connection window overflow");
                    return;
                }

                FlushBlockedLocked();
                return;
            }

            if (!Streams.TryGetValue(frame.StreamId, out var stream))
            {
                if (IsIdleStream(frame.StreamId))
                {
                    ConnectionErrorLocked(Http2ErrorCode.ProtocolError, "WINDOW_UPDATE on an idle stream");
                }

                return;
            }

            stream.SendWindow += increment;
            if (stream.SendWindow > Http2Constants.MaxWindowSize)
            {
                StreamErrorLocked(stream.StreamId, Http2ErrorCode.FlowControlError, StreamResetReason.ProtocolError);
                return;
            }

            FlushStreamLocked(stream);
        }
    }
}
