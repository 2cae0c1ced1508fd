namespace Mosn.Protocols.Http2.HPack;

/// <summary>
/// The HPACK integer representation with an N-bit prefix (RFC 7541 §5.1). Stateless and thread-safe.
/// </summary>
internal static class HPackInteger
{
    /// <summary>
    /// The most continuation bytes a value up to 2^31-1 needs (7 bits each). Longer encodings are rejected even when
    /// they carry redundant zero bits, so a peer cannot make us loop on padding.
    /// </summary>
    public const int MaxContinuationBytes = 5;

    /// <summary>
    /// Decodes an integer whose prefix occupies the low <paramref name="prefixBits"/> bits of
    /// <c>source[position]</c>, advancing <paramref name="position"/> past it.
    /// </summary>
    /// <returns><see cref="HPackError.None"/>; <see cref="HPackError.Truncated"/> when the input ends inside the integer;
    /// <see cref="HPackError.IntegerOverflow"/> when the value exceeds <see cref="int.MaxValue"/> or uses more than
    /// <see cref="MaxContinuationBytes"/> continuation bytes. <paramref name="position"/> is unspecified on error.</returns>
    public static HPackError Decode(ReadOnlySpan<byte> source, ref int position, int prefixBits, out int value)
    {
        value = 0;
        if ((uint)position >= (uint)source.Length)
        {
            return HPackError.Truncated;
        }

        var mask = (1 << prefixBits) - 1;
        var result = source[position++] & mask;
        if (result < mask)
        {
            value = result;
            return HPackError.None;
        }

        long accumulated = result;
        for (var i = 0; i < MaxContinuationBytes; i++)
        {
            if ((uint)position >= (uint)source.Length)
            {
                return HPackError.Truncated;
            }

            var b = source[position++];
            accumulated += (long)(b & 0x7F) << (7 * i);
            if (accumulated > int.MaxValue)
            {
                return HPackError.IntegerOverflow;
            }

            if ((b & 0x80) == 0)
            {
                value = (int)accumulated;
                return HPackError.None;
            }
        }

        return HPackError.IntegerOverflow;
    }

    /// <summary>The number of bytes <see cref="Encode"/> writes for <paramref name="value"/>.</summary>
    public static int GetEncodedLength(int value, int prefixBits)
    {
        var mask = (1 << prefixBits) - 1;
        if (value < mask)
        {
            return 1;
        }

        var length = 2;
        for (var rest = (uint)(value - mask); rest >= 0x80; rest >>= 7)
        {
            length++;
        }

        return length;
    }

    /// <summary>
    /// Writes <paramref name="value"/> with a <paramref name="prefixBits"/>-bit prefix; the bits of
    /// <paramref name="firstByteFlags"/> above the prefix mark the representation. Returns the bytes written.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative (a programming error).</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than
    /// <see cref="GetEncodedLength"/> (a programming error).</exception>
    public static int Encode(int value, int prefixBits, byte firstByteFlags, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (destination.Length < GetEncodedLength(value, prefixBits))
        {
            throw new ArgumentException("The destination is too short for the integer.", nameof(destination));
        }

        var mask = (1 << prefixBits) - 1;
        if (value < mask)
        {
            destination[0] = (byte)(firstByteFlags | value);
            return 1;
        }

        destination[0] = (byte)(firstByteFlags | mask);
        var rest = (uint)(value - mask);
        var written = 1;
        while (rest >= 0x80)
        {
            destination[written++] = (byte)(rest | 0x80);
            rest >>= 7;
        }

        destination[written++] = (byte)rest;
        return written;
    }
}
