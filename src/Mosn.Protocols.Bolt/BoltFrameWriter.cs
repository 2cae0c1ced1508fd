using System.Buffers.Binary;

namespace Mosn.Protocols.Bolt;

/// <summary>
/// Appends one Bolt frame to a buffer writer and, when the frame carries a CRC32, checksums every byte on the way so
/// that <see cref="Finish"/> can append it. Use <see cref="GetSpan"/> then <see cref="Advance"/>, or <see cref="Write"/>.
/// </summary>
internal ref struct BoltFrameWriter
{
    private readonly IBufferWriter<byte> _output;
    private readonly bool _checksum;
    private Span<byte> _span;
    private uint _crc;

    /// <summary>Starts a frame on <paramref name="output"/>; <paramref name="checksum"/> says whether it ends with a CRC32.</summary>
    public BoltFrameWriter(IBufferWriter<byte> output, bool checksum)
    {
        _output = output;
        _checksum = checksum;
        _crc = BoltCrc32.Initial;
    }

    /// <summary>A span of at least <paramref name="sizeHint"/> bytes to fill, then pass to <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int sizeHint) => _span = _output.GetSpan(sizeHint);

    /// <summary>Commits the first <paramref name="count"/> bytes of the last <see cref="GetSpan"/>.</summary>
    public void Advance(int count)
    {
        if (_checksum)
        {
            _crc = BoltCrc32.Update(_crc, _span[..count]);
        }

        _output.Advance(count);
    }

    /// <summary>Copies <paramref name="bytes"/> into the frame.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_checksum)
        {
            _crc = BoltCrc32.Update(_crc, bytes);
        }

        _output.Write(bytes);
    }

    /// <summary>Ends the frame: appends the CRC32 (big-endian) of everything written when the frame has one.</summary>
    public readonly void Finish()
    {
        if (_checksum)
        {
            var span = _output.GetSpan(BoltFraming.CrcLength);
            BinaryPrimitives.WriteUInt32BigEndian(span, BoltCrc32.Final(_crc));
            _output.Advance(BoltFraming.CrcLength);
        }
    }
}
