using System.Buffers;
using Mosn.Abstractions.Protocol;

namespace Mosn.Protocols.Http1.Codec;

/// <summary>
/// Frames an outgoing body per <see cref="FramingMode"/> and checks that a declared Content-Length is honoured.
/// Mutable state of one message; the caller serializes calls.
/// </summary>
internal struct Http1BodyEncoder
{
    private FramingMode _mode;
    private long _remaining;

    /// <summary>The framing in use.</summary>
    public readonly FramingMode Mode => _mode;

    /// <summary>The bytes written disagreed with the declared Content-Length: the message is broken and the connection must close.</summary>
    public bool LengthMismatch { get; private set; }

    /// <summary>Starts a body.</summary>
    public void Start(FramingMode mode, long contentLength)
    {
        _mode = mode;
        _remaining = contentLength;
        LengthMismatch = false;
    }

    /// <summary>Writes <paramref name="data"/> framed, and the end of the body when <paramref name="endStream"/>.</summary>
    public void WriteData(IBufferWriter<byte> writer, in ReadOnlySequence<byte> data, bool endStream)
    {
        switch (_mode)
        {
            case FramingMode.ContentLength:
                var length = data.Length;
                if (length > _remaining)
                {
                    // Never write past the declared length: the next message would start inside this body.
                    Http1Encoder.WriteBytes(writer, data.Slice(0, _remaining));
                    _remaining = 0;
                    LengthMismatch = true;
                }
                else
                {
                    Http1Encoder.WriteBytes(writer, data);
                    _remaining -= length;
                }

                if (endStream && _remaining != 0)
                {
                    LengthMismatch = true;
                }

                break;

            case FramingMode.Chunked:
                if (!data.IsEmpty)
                {
                    Http1Encoder.WriteChunkHeader(writer, data.Length);
                    Http1Encoder.WriteBytes(writer, data);
                    Http1Encoder.WriteAscii(writer, "\r\n"u8);
                }

                if (endStream)
                {
                    Http1Encoder.WriteAscii(writer, "0\r\n\r\n"u8);
                }

                break;

            case FramingMode.UntilClose:
                Http1Encoder.WriteBytes(writer, data);
                break;
        }
    }

    /// <summary>Ends the body with <paramref name="trailers"/> (written only with chunked framing; RFC 9112 §7.1.2).</summary>
    public void WriteTrailers(IBufferWriter<byte> writer, IHeaderMap trailers)
    {
        if (_mode != FramingMode.Chunked)
        {
            WriteData(writer, ReadOnlySequence<byte>.Empty, endStream: true);
            return;
        }

        Http1Encoder.WriteAscii(writer, "0\r\n"u8);
        Http1Encoder.WriteFields(writer, trailers, skipHost: true, trailers: true);
        Http1Encoder.WriteAscii(writer, "\r\n"u8);
    }
}
