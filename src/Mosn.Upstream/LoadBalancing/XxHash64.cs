using System.Buffers.Binary;
using System.Numerics;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>
/// XXH64 (Yann Collet's xxHash, 64-bit variant) over bytes, written from the published algorithm: fast, well mixed, and
/// the same in every process and on every machine (unlike <see cref="string.GetHashCode()"/>, which is randomized per
/// process), so a hash key places a request on the same host in every proxy of a fleet. Stateless; thread-safe;
/// allocation-free.
/// </summary>
internal static class XxHash64
{
    private const ulong Prime1 = 11400714785074694791UL;
    private const ulong Prime2 = 14029467366897019727UL;
    private const ulong Prime3 = 1609587929392839161UL;
    private const ulong Prime4 = 9650029242287828579UL;
    private const ulong Prime5 = 2870177450012600261UL;

    /// <summary>The XXH64 hash of <paramref name="data"/> with <paramref name="seed"/>.</summary>
    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed = 0)
    {
        var length = data.Length;
        var offset = 0;
        ulong hash;
        if (length >= 32)
        {
            var v1 = unchecked(seed + Prime1 + Prime2);
            var v2 = unchecked(seed + Prime2);
            var v3 = seed;
            var v4 = unchecked(seed - Prime1);
            do
            {
                v1 = Round(v1, BinaryPrimitives.ReadUInt64LittleEndian(data[offset..]));
                v2 = Round(v2, BinaryPrimitives.ReadUInt64LittleEndian(data[(offset + 8)..]));
                v3 = Round(v3, BinaryPrimitives.ReadUInt64LittleEndian(data[(offset + 16)..]));
                v4 = Round(v4, BinaryPrimitives.ReadUInt64LittleEndian(data[(offset + 24)..]));
                offset += 32;
            }
            while (offset <= length - 32);

            hash = unchecked(BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7)
                + BitOperations.RotateLeft(v3, 12) + BitOperations.RotateLeft(v4, 18));
            hash = Merge(hash, v1);
            hash = Merge(hash, v2);
            hash = Merge(hash, v3);
            hash = Merge(hash, v4);
        }
        else
        {
            hash = unchecked(seed + Prime5);
        }

        unchecked
        {
            hash += (ulong)length;
            for (; offset + 8 <= length; offset += 8)
            {
                hash ^= Round(0, BinaryPrimitives.ReadUInt64LittleEndian(data[offset..]));
                hash = (BitOperations.RotateLeft(hash, 27) * Prime1) + Prime4;
            }

            if (offset + 4 <= length)
            {
                hash ^= BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]) * Prime1;
                hash = (BitOperations.RotateLeft(hash, 23) * Prime2) + Prime3;
                offset += 4;
            }

            for (; offset < length; offset++)
            {
                hash ^= data[offset] * Prime5;
                hash = BitOperations.RotateLeft(hash, 11) * Prime1;
            }

            hash ^= hash >> 33;
            hash *= Prime2;
            hash ^= hash >> 29;
            hash *= Prime3;
            hash ^= hash >> 32;
        }

        return hash;
    }

    private static ulong Round(ulong accumulator, ulong input) =>
        unchecked(BitOperations.RotateLeft(accumulator + (input * Prime2), 31) * Prime1);

    private static ulong Merge(ulong hash, ulong accumulator) =>
        unchecked(((hash ^ Round(0, accumulator)) * Prime1) + Prime4);
}
