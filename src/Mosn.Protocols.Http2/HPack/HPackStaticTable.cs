using System.Text;

namespace Mosn.Protocols.Http2.HPack;

/// <summary>
/// The HPACK static table (RFC 7541 Appendix A): 61 predefined fields, indexes 1 to 61. Immutable and thread-safe.
/// </summary>
internal static class HPackStaticTable
{
    /// <summary>The number of entries; dynamic table indexes start at <c>Count + 1</c> (RFC 7541 §2.3.3).</summary>
    public const int Count = 61;

    private static readonly (string Name, string Value)[] s_fields =
    [
        (":authority", ""),
        (":method", "GET"),
        (":method", "POST"),
        (":path", "/"),
        (":path", "/index.html"),
        (":scheme", "http"),
        (":scheme", "https"),
        (":status", "200"),
        (":status", "204"),
        (":status", "206"),
        (":status", "304"),
        (":status", "400"),
        (":status", "404"),
        (":status", "500"),
        ("accept-charset", ""),
        ("accept-encoding", "gzip, deflate"),
        ("accept-language", ""),
        ("accept-ranges", ""),
        ("accept", ""),
        ("access-control-allow-origin", ""),
        ("age", ""),
        ("allow", ""),
        ("authorization", ""),
        ("cache-control", ""),
        ("content-disposition", ""),
        ("content-encoding", ""),
        ("content-language", ""),
        ("content-length", ""),
        ("content-location", ""),
        ("content-range", ""),
        ("content-type", ""),
        ("cookie", ""),
        ("date", ""),
        ("etag", ""),
        ("expect", ""),
        ("expires", ""),
        ("from", ""),
        ("host", ""),
        ("if-match", ""),
        ("if-modified-since", ""),
        ("if-none-match", ""),
        ("if-range", ""),
        ("if-unmodified-since", ""),
        ("last-modified", ""),
        ("link", ""),
        ("location", ""),
        ("max-forwards", ""),
        ("proxy-authenticate", ""),
        ("proxy-authorization", ""),
        ("range", ""),
        ("referer", ""),
        ("refresh", ""),
        ("retry-after", ""),
        ("server", ""),
        ("set-cookie", ""),
        ("strict-transport-security", ""),
        ("transfer-encoding", ""),
        ("user-agent", ""),
        ("vary", ""),
        ("via", ""),
        ("www-authenticate", ""),
    ];

    // Index 0 is unused so that the arrays are indexed like the RFC.
    private static readonly byte[][] s_names = [[], .. s_fields.Select(f => Encoding.ASCII.GetBytes(f.Name))];
    private static readonly byte[][] s_values = [[], .. s_fields.Select(f => Encoding.ASCII.GetBytes(f.Value))];

    /// <summary>The name of entry <paramref name="index"/> (1..61).</summary>
    public static ReadOnlySpan<byte> GetName(int index) => s_names[index];

    /// <summary>The value of entry <paramref name="index"/> (1..61); empty for name-only entries.</summary>
    public static ReadOnlySpan<byte> GetValue(int index) => s_values[index];

    /// <summary>The name of entry <paramref name="index"/> (1..61) as a shared string (no allocation).</summary>
    public static string GetNameString(int index) => s_fields[index - 1].Name;

    // For each name length, the indexes (ascending) of the entries whose name has that length: a lookup compares a
    // handful of candidates (at most 9, for length 6) instead of scanning all 61 entries.
    private static readonly int[][] s_byNameLength = BuildNameLengthIndex();

    /// <summary>The lowest index whose name is <paramref name="name"/> (exact bytes), or 0.</summary>
    public static int FindName(ReadOnlySpan<byte> name)
    {
        var byLength = s_byNameLength;
        if ((uint)name.Length >= (uint)byLength.Length)
        {
            return 0;
        }

        foreach (var i in byLength[name.Length])
        {
            if (name.SequenceEqual(s_names[i]))
            {
                return i;
            }
        }

        return 0;
    }

    private static int[][] BuildNameLengthIndex()
    {
        var longest = s_fields.Max(f => f.Name.Length);
        var index = new int[longest + 1][];
        for (var length = 0; length <= longest; length++)
        {
            index[length] = [.. Enumerable.Range(1, Count).Where(i => s_fields[i - 1].Name.Length == length)];
        }

        return index;
    }

    /// <summary>
    /// The index of the entry matching both <paramref name="name"/> and <paramref name="value"/>, or 0;
    /// <paramref name="nameIndex"/> receives the lowest index with that name, or 0.
    /// </summary>
    public static int Find(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, out int nameIndex)
    {
        nameIndex = FindName(name);
        if (nameIndex == 0)
        {
            return 0;
        }

        // Entries sharing a name are adjacent (:method, :path, :scheme, :status).
        for (var i = nameIndex; i <= Count && s_names[i].AsSpan().SequenceEqual(name); i++)
        {
            if (value.SequenceEqual(s_values[i]))
            {
                return i;
            }
        }

        return 0;
    }
}
