using System.Buffers;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http2.Frames;
using Mosn.Protocols.Http2.Messages;

namespace Mosn.Protocols.Http2.Connection;

internal abstract partial class Http2Connection
{
    private readonly ArrayBufferWriter<byte> _headerScratch = new(512);

    /// <summary>Encodes a stream's headers (request or response).</summary>
    internal void SendHeaders(Http2Stream stream, IHeaderMap headers, bool endStream)
    {
        ArgumentNullException.ThrowIfNull(headers);
        lock (Sync)
        {
            if (!stream.IsReset && !stream.LocalHeadersSent && !Closed && PrepareToSendHeadersLocked(stream, headers))
            {
                WriteStreamHeadersLocked(stream, headers, endStream);
            }
        }

        RunDeferred(); // also when the stream was refused just now: its reset is queued
    }

    private void WriteStreamHeadersLocked(Http2Stream stream, IHeaderMap headers, bool endStream)
    {
        {
            _headerScratch.ResetWrittenCount();
            if (IsServer)
            {
                HeaderBlockWriter.WriteResponse(Encoder, headers, _headerScratch);
            }
            else
            {
                HeaderBlockWriter.WriteRequest(Encoder, headers, _headerScratch);
            }

            var output = Connection.BeginWrite();
            Http2FrameWriter.WriteHeaders(output, stream.StreamId, _headerScratch.WrittenSpan, endStream, PeerMaxFrameSize);
            Connection.EndWrite();
            stream.LocalHeadersSent = true;
            if (endStream)
            {
                stream.LocalEndRequested = true;
                OnLocalEndLocked(stream);
            }
        }
    }

    /// <summary>Writes a response field block on a stream the proxy does not see (local answers, 1xx). Caller holds the lock.</summary>
    protected void WriteHeaderBlockLocked(uint streamId, IHeaderMap headers, bool endStream)
    {
        _headerScratch.ResetWrittenCount();
        HeaderBlockWriter.WriteResponse(Encoder, headers, _headerScratch);
        var output = Connection.BeginWrite();
        Http2FrameWriter.WriteHeaders(output, streamId, _headerScratch.WrittenSpan, endStream, PeerMaxFrameSize);
        Connection.EndWrite();
    }

    /// <summary>Client: assigns the stream id. Server: nothing. False when the stream cannot be sent (it was reset).</summary>
    protected virtual bool PrepareToSendHeadersLocked(Http2Stream stream, IHeaderMap headers) => true;

    /// <summary>Encodes a body chunk: as far as the windows allow at once, the rest queued.</summary>
    internal void SendData(Http2Stream stream, in ReadOnlySequence<byte> data, bool endStream)
    {
        lock (Sync)
        {
            if (stream.IsReset || stream.IsClosed || stream.LocalEndRequested || !stream.LocalHeadersSent || Closed)
            {
                return;
            }

            if (endStream)
            {
                stream.LocalEndRequested = true;
            }

            if (stream.Pending is { } pending)
            {
                pending.Append(data);
                pending.EndStream |= endStream;
                FlushStreamLocked(stream);
            }
            else
            {
                WriteDataLocked(stream, data, endStream);
            }
        }

        RunDeferred();
    }

    private void WriteDataLocked(Http2Stream stream, in ReadOnlySequence<byte> data, bool endStream)
    {
        var allowed = Math.Max(0, Math.Min(Math.Min(stream.SendWindow, ConnectionSendWindow), data.Length));
        if (allowed > 0 || (data.IsEmpty && endStream))
        {
            var all = allowed == data.Length;
            var output = Connection.BeginWrite();
            var chunk = data.Slice(0, allowed);
            Http2FrameWriter.WriteData(output, stream.StreamId, chunk, all && endStream, PeerMaxFrameSize);
            Connection.EndWrite();
            DataFramesSent += Math.Max(1, (allowed + PeerMaxFrameSize - 1) / PeerMaxFrameSize);
            stream.SendWindow -= allowed;
            ConnectionSendWindow -= allowed;
            if (all)
            {
                if (endStream)
                {
                    OnLocalEndLocked(stream);
                }

                return;
            }
        }

        var pending = new PendingData { EndStream = endStream };
        pending.Append(data.Slice(allowed));
        stream.Pending = pending;
        BlockLocked(stream);
        UpdatePendingWatermarkLocked(stream);
    }

    /// <summary>Encodes trailers; they wait behind queued data.</summary>
    internal void SendTrailers(Http2Stream stream, IHeaderMap trailers)
    {
        ArgumentNullException.ThrowIfNull(trailers);
        lock (Sync)
        {
            if (stream.IsReset || stream.IsClosed || stream.LocalEndRequested || !stream.LocalHeadersSent || Closed)
            {
                return;
            }

            stream.LocalEndRequested = true;
            if (stream.Pending is { } pending)
            {
                pending.Trailers = trailers;
                FlushStreamLocked(stream);
            }
            else
            {
                WriteTrailersLocked(stream, trailers);
            }
        }

        RunDeferred();
    }

    private void WriteTrailersLocked(Http2Stream stream, IHeaderMap trailers)
    {
        _headerScratch.ResetWrittenCount();
        HeaderBlockWriter.WriteTrailers(Encoder, trailers, _headerScratch);
        var output = Connection.BeginWrite();
        Http2FrameWriter.WriteHeaders(output, stream.StreamId, _headerScratch.WrittenSpan, endStream: true, PeerMaxFrameSize);
        Connection.EndWrite();
        OnLocalEndLocked(stream);
    }

    /// <summary>END_STREAM went out on <paramref name="stream"/>.</summary>
    protected virtual void OnLocalEndLocked(Http2Stream stream)
    {
        stream.LocalEnded = true;
        CloseIfDoneLocked(stream);
    }

    /// <summary>Writes what the windows now allow of a stream's queue; ends the side when it drains.</summary>
    protected void FlushStreamLocked(Http2Stream stream)
    {
        var pending = stream.Pending;
        if (pending is null || stream.IsClosed || Closed)
        {
            return;
        }

        var budget = Math.Min(stream.SendWindow, ConnectionSendWindow);
        if (pending.Length > 0 && budget > 0)
        {
            var output = Connection.BeginWrite();
            var written = pending.Write(output, stream.StreamId, budget, PeerMaxFrameSize, out var frames);
            Connection.EndWrite();
            DataFramesSent += frames;
            stream.SendWindow -= written;
            ConnectionSendWindow -= written;
        }

        if (pending.Length == 0)
        {
            stream.Pending = null;
            pending.Release();
            if (pending.Trailers is { } trailers)
            {
                WriteTrailersLocked(stream, trailers);
            }
            else if (pending.EndStream)
            {
                // The last chunk carried END_STREAM unless the queue was empty when the end was requested.
                if (!stream.LocalEnded && !pending.WroteEndStream)
                {
                    var output = Connection.BeginWrite();
                    Http2FrameWriter.WriteData(output, stream.StreamId, ReadOnlySpan<byte>.Empty, endStream: true, PeerMaxFrameSize);
                    Connection.EndWrite();
                }

                OnLocalEndLocked(stream);
            }
        }

        UpdatePendingWatermarkLocked(stream);
    }

    private void BlockLocked(Http2Stream stream)
    {
        if (!stream.Blocked)
        {
            stream.Blocked = true;
            _blocked.Add(stream);
        }
    }

    /// <summary>The connection window grew (or a setting changed): flush queued streams in arrival order.</summary>
    protected void FlushBlockedLocked()
    {
        if (_blocked.Count == 0)
        {
            return;
        }

        var index = 0;
        while (index < _blocked.Count && ConnectionSendWindow > 0 && !Closed)
        {
            var stream = _blocked[index];
            FlushStreamLocked(stream);
            if (stream.Pending is null || stream.IsClosed)
            {
                stream.Blocked = false;
                _blocked.RemoveAt(index);
            }
            else
            {
                index++;
            }
        }

        for (var i = _blocked.Count - 1; i >= index; i--)
        {
            if (_blocked[i].IsClosed)
            {
                _blocked[i].Blocked = false;
                _blocked.RemoveAt(i);
            }
        }
    }

    private void UpdatePendingWatermarkLocked(Http2Stream stream)
    {
        var queued = stream.Pending?.Length ?? 0;
        if (!stream.PendingAbove && queued > StreamHighWatermark)
        {
            stream.PendingAbove = true;
            DeferWatermark(stream);
        }
        else if (stream.PendingAbove && queued < StreamLowWatermark)
        {
            stream.PendingAbove = false;
            DeferWatermark(stream);
        }
    }

    /// <summary>Resets a stream from our side: RST_STREAM with the code for <paramref name="reason"/>, then its listeners.</summary>
    internal void ResetStream(Http2Stream stream, StreamResetReason reason)
    {
        lock (Sync)
        {
            if (stream.IsReset || stream.IsClosed)
            {
                return;
            }

            if (stream.StreamId != 0 && !Closed)
            {
                WriteRstStreamLocked(stream.StreamId, ErrorCodeFor(reason));
            }

            ResetLocked(stream, reason);
        }

        RunDeferred();
    }

    private static Http2ErrorCode ErrorCodeFor(StreamResetReason reason) => reason switch
    {
        StreamResetReason.ProtocolError => Http2ErrorCode.ProtocolError,
        StreamResetReason.RefusedStream or StreamResetReason.Overflow => Http2ErrorCode.RefusedStream,
        StreamResetReason.RemoteReset or StreamResetReason.ConnectionTermination or StreamResetReason.ConnectionFailed => Http2ErrorCode.InternalError,
        _ => Http2ErrorCode.Cancel,
    };
}
