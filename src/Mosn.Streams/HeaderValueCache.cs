using System.Text;

namespace Mosn.Streams;

/// <summary>
/// Reuses the header value strings of the previous message on the same connection. A keep-alive client sends the same
/// Host, User-Agent, Accept, ... on every request, and a backend the same Content-Type, Server, ... on every response:
/// when the bytes at a slot equal the string decoded there last time, that string is returned instead of a new one.
/// Strings are immutable, so a reused instance may be shared with any number of earlier messages safely. Used by the
/// HTTP/1 head decoders, the HTTP/2 field-block collector and the Bolt decoder (for ASCII strings), one cache per
/// connection and direction.
/// </summary>
/// <remarks>
/// Slots are positions (the path, the authority, the n-th header field), so a lookup is one comparison. Values longer
/// than <see cref="MaxCachedLength"/> bytes and slots past <see cref="SlotCount"/> are not kept, which bounds what an
/// idle connection retains. Not thread-safe: owned by one decoder, driven from one read loop.
/// </remarks>
public sealed class HeaderValueCache
{
    /// <summary>Number of slots kept.</summary>
    public const int SlotCount = 24;

    /// <summary>Longest value (in bytes) kept for reuse.</summary>
    public const int MaxCachedLength = 128;

    // Grown on demand (8, 16, then SlotCount) so that a connection whose messages have few fields keeps a small array.
    private string?[] _slots = [];

    /// <summary>
    /// The Latin-1 string of <paramref name="bytes"/>: the instance cached at <paramref name="slot"/> when it has the
    /// same characters, else a new string (which then replaces it).
    /// </summary>
    public string Get(int slot, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        if ((uint)slot >= SlotCount || bytes.Length > MaxCachedLength)
        {
            return Encoding.Latin1.GetString(bytes);
        }

        // Ascii.Equals is false for non-ASCII bytes: such values are simply decoded again.
        if (slot < _slots.Length && _slots[slot] is { } cached && cached.Length == bytes.Length && Ascii.Equals(bytes, cached))
        {
            return cached;
        }

        var value = Encoding.Latin1.GetString(bytes);
        if (slot >= _slots.Length)
        {
            Array.Resize(ref _slots, Math.Min(SlotCount, Math.Max(8, Math.Max(slot + 1, _slots.Length * 2))));
        }

        _slots[slot] = value;
        return value;
    }
}
