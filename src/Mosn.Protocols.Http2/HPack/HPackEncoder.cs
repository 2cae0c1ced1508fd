using System.Text;

namespace Mosn.Protocols.Http2.HPack;

/// <summary>
/// Encodes header blocks with HPACK (RFC 7541) for one direction of one HTTP/2 connection.
/// </summary>
/// <remarks>
/// <para>Call order per block: <see cref="BeginHeaderBlock"/>, then <c>EncodeHeader</c> for each field (pseudo-header
/// fields first, names in lowercase: RFC 9113 §8.2-8.3 rules are the caller's), then frame the written bytes as
/// HEADERS/CONTINUATION. Blocks must reach the peer in the order they were encoded: the dynamic table is connection
/// state. Not thread-safe: one encoder per connection, used by the connection's writer.</para>
/// <para>Representation: a full static or dynamic table match is sent indexed; otherwise a literal, with the name
/// indexed when a table has it. Strings are Huffman-coded when that is not longer than the raw bytes.</para>
/// <para>Indexing policy of <see cref="HPackIndexing.Auto"/>, kept deliberately simple:
/// <list type="bullet">
/// <item><c>authorization</c>, <c>proxy-authorization</c>, <c>set-cookie</c>, and <c>cookie</c> values shorter than
/// 20 bytes are never indexed (RFC 7541 §7.1.3: low-entropy secrets must not be guessable through the table).</item>
/// <item>Fields whose value changes per message are sent without indexing, so they do not flush useful entries:
/// <c>content-length</c>, <c>date</c>, <c>etag</c>, <c>last-modified</c>, <c>if-modified-since</c>,
/// <c>if-none-match</c>, <c>age</c>, <c>expires</c>, <c>content-range</c>, <c>x-request-id</c>, and <c>:path</c>
/// when it has a query or is longer than 64 bytes.</item>
/// <item>A field whose entry would take more than half the table is sent without indexing.</item>
/// <item>Everything else is indexed incrementally.</item>
/// </list></para>
/// </remarks>
internal sealed class HPackEncoder
{
    private const int LongPathThreshold = 64;
    private const int SensitiveCookieLength = 20;
    private const int StackallocThreshold = 256;

    private readonly HPackDynamicTable _table;
    private readonly int _maxTableSizeCap;
    private readonly bool _useHuffman;
    private int _pendingMinSize = -1;
    private int _pendingSize = -1;

    /// <summary>Creates an encoder.</summary>
    /// <param name="maxDynamicTableSize">The largest dynamic table this encoder will use, whatever the peer allows
    /// (memory per connection). When it is below the protocol default of 4096, the first block announces it.</param>
    /// <param name="useHuffman">False to send every string raw (tests, debugging).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDynamicTableSize"/> is negative.</exception>
    public HPackEncoder(int maxDynamicTableSize = HPackDecoder.DefaultHeaderTableSize, bool useHuffman = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDynamicTableSize);
        _maxTableSizeCap = maxDynamicTableSize;
        _useHuffman = useHuffman;
        var initial = Math.Min(maxDynamicTableSize, HPackDecoder.DefaultHeaderTableSize);
        _table = new HPackDynamicTable(HPackDecoder.DefaultHeaderTableSize);
        if (initial != HPackDecoder.DefaultHeaderTableSize)
        {
            // The peer's decoder starts at the protocol default; tell it we use less.
            _pendingMinSize = initial;
            _pendingSize = initial;
        }
    }

    /// <summary>The dynamic table size this encoder uses (after pending updates are written).</summary>
    public int MaxDynamicTableSize => _pendingSize >= 0 ? _pendingSize : _table.MaxSize;

    /// <summary>The dynamic table; exposed for tests and diagnostics.</summary>
    internal HPackDynamicTable DynamicTable => _table;

    /// <summary>
    /// Applies the peer's SETTINGS_HEADER_TABLE_SIZE (any 32-bit value). The table used becomes the smaller of that and
    /// the configured maximum; a change is announced by dynamic table size updates at the start of the next block
    /// (the smallest size reached first, then the final one, RFC 7541 §4.2).
    /// </summary>
    public void SetPeerHeaderTableSize(uint headerTableSize)
    {
        var size = (int)Math.Min(headerTableSize, (uint)_maxTableSizeCap);
        if (size == MaxDynamicTableSize)
        {
            return;
        }

        _pendingMinSize = _pendingMinSize < 0 ? size : Math.Min(_pendingMinSize, size);
        _pendingSize = size;
    }

    /// <summary>Starts a header block: writes any pending dynamic table size updates. Call it once before the first
    /// field of every block.</summary>
    public void BeginHeaderBlock(IBufferWriter<byte> output)
    {
        if (_pendingSize < 0)
        {
            return;
        }

        if (_pendingMinSize < _pendingSize)
        {
            WriteSizeUpdate(_pendingMinSize, output);
        }

        WriteSizeUpdate(_pendingSize, output);
        _pendingMinSize = -1;
        _pendingSize = -1;
    }

    /// <summary>Encodes one field given as bytes. <paramref name="name"/> must already be lowercase.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The field value.</param>
    /// <param name="indexing">The representation, or <see cref="HPackIndexing.Auto"/> for the policy in the remarks.</param>
    /// <param name="output">Receives the encoded bytes.</param>
    public void EncodeHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HPackIndexing indexing, IBufferWriter<byte> output)
    {
        if (indexing == HPackIndexing.Auto)
        {
            indexing = ChooseIndexing(name, value);
        }

        var staticIndex = HPackStaticTable.Find(name, value, out var nameIndex);
        if (staticIndex > 0 && indexing != HPackIndexing.NeverIndexed)
        {
            WriteIndexed(staticIndex, output);
            return;
        }

        var nameHash = Hash(name);
        var valueHash = Hash(value);
        var dynamicIndex = _table.Find(name, value, nameHash, valueHash, out var dynamicNameIndex);
        if (dynamicIndex >= 0 && indexing != HPackIndexing.NeverIndexed)
        {
            WriteIndexed(HPackStaticTable.Count + 1 + dynamicIndex, output);
            return;
        }

        if (nameIndex == 0 && dynamicNameIndex >= 0)
        {
            nameIndex = HPackStaticTable.Count + 1 + dynamicNameIndex;
        }

        if (indexing == HPackIndexing.Incremental && (long)name.Length + value.Length + HPackDynamicTable.EntryOverhead > _table.MaxSize)
        {
            // Adding it would only empty the table (§4.4).
            indexing = HPackIndexing.WithoutIndexing;
        }

        var (flags, prefixBits) = indexing switch
        {
            HPackIndexing.Incremental => ((byte)0x40, 6),
            HPackIndexing.NeverIndexed => ((byte)0x10, 4),
            _ => ((byte)0x00, 4),
        };

        WriteInteger(nameIndex, prefixBits, flags, output);
        if (nameIndex == 0)
        {
            WriteString(name, output);
        }

        WriteString(value, output);
        if (indexing == HPackIndexing.Incremental)
        {
            _table.Add(name, value, nameHash, valueHash);
        }
    }

    /// <summary>
    /// Encodes one field given as strings: each char becomes one byte (Latin-1, the lossless mapping for field
    /// octets), and ASCII uppercase letters in <paramref name="name"/> are lowercased (RFC 9113 §8.2.1).
    /// </summary>
    /// <inheritdoc cref="EncodeHeader(ReadOnlySpan{byte}, ReadOnlySpan{byte}, HPackIndexing, IBufferWriter{byte})"/>
    public void EncodeHeader(string name, string value, HPackIndexing indexing, IBufferWriter<byte> output)
    {
        var length = name.Length + value.Length;
        byte[]? rented = null;
        var buffer = length <= StackallocThreshold
            ? stackalloc byte[StackallocThreshold]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        var nameBytes = buffer[..Encoding.Latin1.GetBytes(name, buffer)];
        for (var i = 0; i < nameBytes.Length; i++)
        {
            if ((uint)(nameBytes[i] - 'A') <= 'Z' - 'A')
            {
                nameBytes[i] |= 0x20;
            }
        }

        var valueBytes = buffer.Slice(nameBytes.Length, Encoding.Latin1.GetBytes(value, buffer[nameBytes.Length..]));
        EncodeHeader(nameBytes, valueBytes, indexing, output);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static HPackIndexing ChooseIndexing(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (name.SequenceEqual("authorization"u8) || name.SequenceEqual("proxy-authorization"u8)
            || name.SequenceEqual("set-cookie"u8)
            || (name.SequenceEqual("cookie"u8) && value.Length < SensitiveCookieLength))
        {
            return HPackIndexing.NeverIndexed;
        }

        if (name.SequenceEqual(":path"u8))
        {
            return value.Length > LongPathThreshold || value.Contains((byte)'?')
                ? HPackIndexing.WithoutIndexing
                : HPackIndexing.Incremental;
        }

        if (name.SequenceEqual("content-length"u8) || name.SequenceEqual("date"u8) || name.SequenceEqual("etag"u8)
            || name.SequenceEqual("last-modified"u8) || name.SequenceEqual("if-modified-since"u8)
            || name.SequenceEqual("if-none-match"u8) || name.SequenceEqual("age"u8) || name.SequenceEqual("expires"u8)
            || name.SequenceEqual("content-range"u8) || name.SequenceEqual("x-request-id"u8))
        {
            return HPackIndexing.WithoutIndexing;
        }

        return HPackIndexing.Incremental;
    }

    // A pre-check for the dynamic table's search, not a dictionary hash: equal bytes give equal values, and the table
    // compares the bytes whenever the values match. Constant time (length and three sampled bytes), because a full
    // hash of every name and value cost more than the short linear search it shortens.
    private static int Hash(ReadOnlySpan<byte> bytes) => bytes.Length == 0
        ? 0
        : (bytes.Length << 24) ^ (bytes[0] << 16) ^ (bytes[bytes.Length / 2] << 8) ^ bytes[^1];

    private void WriteSizeUpdate(int size, IBufferWriter<byte> output)
    {
        _table.SetMaxSize(size);
        WriteInteger(size, 5, 0x20, output);
    }

    private static void WriteIndexed(int index, IBufferWriter<byte> output) => WriteInteger(index, 7, 0x80, output);

    private static void WriteInteger(int value, int prefixBits, byte flags, IBufferWriter<byte> output)
    {
        var length = HPackInteger.GetEncodedLength(value, prefixBits);
        HPackInteger.Encode(value, prefixBits, flags, output.GetSpan(length));
        output.Advance(length);
    }

    private void WriteString(ReadOnlySpan<byte> value, IBufferWriter<byte> output)
    {
        var huffmanLength = _useHuffman ? Huffman.GetEncodedLength(value) : int.MaxValue;
        if (huffmanLength <= value.Length)
        {
            // Ties go to Huffman, as in the RFC 7541 Appendix C examples.
            var prefixLength = HPackInteger.GetEncodedLength(huffmanLength, 7);
            var span = output.GetSpan(prefixLength + huffmanLength);
            HPackInteger.Encode(huffmanLength, 7, 0x80, span);
            Huffman.Encode(value, span[prefixLength..]);
            output.Advance(prefixLength + huffmanLength);
            return;
        }

        var rawPrefixLength = HPackInteger.GetEncodedLength(value.Length, 7);
        var destination = output.GetSpan(rawPrefixLength + value.Length);
        HPackInteger.Encode(value.Length, 7, 0x00, destination);
        value.CopyTo(destination[rawPrefixLength..]);
        output.Advance(rawPrefixLength + value.Length);
    }
}
