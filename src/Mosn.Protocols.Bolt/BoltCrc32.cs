namespace Mosn.Protocols.Bolt;

/// <summary>
/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF): the checksum Java's
/// <c>java.util.zip.CRC32</c> computes, which SOFABolt v2 appends to a frame. Slicing-by-8 tables; thread-safe.
/// </summary>
internal static class BoltCrc32
{
    /// <summary>The running value to start from.</summary>
    public const uint Initial = 0xFFFFFFFF;

    private const uint Polynomial = 0xEDB88320;

    private static readonly uint[] s_table = CreateTable();

    /// <summary>Feeds <paramref name="data"/> into the running value <paramref name="crc"/> and returns the new running value.</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        var table = s_table.AsSpan();
        while (data.Length >= 8)
        {
            var one = crc ^ (uint)(data[0] | (data[1] << 8) | (data[2] << 16) | (data[3] << 24));
            crc = table[(7 * 256) + (int)(one & 0xFF)] ^ table[(6 * 256) + (int)((one >> 8) & 0xFF)]
                ^ table[(5 * 256) + (int)((one >> 16) & 0xFF)] ^ table[(4 * 256) + (int)(one >> 24)]
                ^ table[(3 * 256) + data[4]] ^ table[(2 * 256) + data[5]]
                ^ table[256 + data[6]] ^ table[data[7]];
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = table[(int)((crc ^ b) & 0xFF)] ^ (crc >> 8);
        }

        return crc;
    }

    /// <summary>Feeds every segment of <paramref name="data"/> into <paramref name="crc"/>.</summary>
    public static uint Update(uint crc, in ReadOnlySequence<byte> data)
    {
        foreach (var segment in data)
        {
            crc = Update(crc, segment.Span);
        }

        return crc;
    }

    /// <summary>The checksum of a running value (after the final XOR).</summary>
    public static uint Final(uint crc) => ~crc;

    /// <summary>The checksum of <paramref name="data"/>.</summary>
    public static uint Compute(in ReadOnlySequence<byte> data) => Final(Update(Initial, data));

    private static uint[] CreateTable()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            var crc = i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ Polynomial : crc >> 1;
            }

            table[i] = crc;
        }

        for (var i = 0; i < 256; i++)
        {
            for (var slice = 1; slice < 8; slice++)
            {
                var previous = table[((slice - 1) * 256) + i];
                table[(slice * 256) + i] = (previous >> 8) ^ table[(int)(previous & 0xFF)];
            }
        }

        return table;
    }
}
