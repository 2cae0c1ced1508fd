namespace Mosn.Protocols.Http2.HPack;

/// <summary>
/// Decodes HPACK header blocks (RFC 7541) for one direction of one HTTP/2 connection: static and dynamic tables,
/// every field representation, Huffman-coded strings, and the size limits an edge proxy needs against hostile peers.
/// </summary>
/// <remarks>
/// <para>Feed it every complete header block (a HEADERS or PUSH_PROMISE fragment plus its CONTINUATION fragments) of
/// the connection, in the order received: the dynamic table is connection state. Fields go to an
/// <see cref="IHeaderBlockHandler"/> as spans that are valid only during the callback, so decoding itself allocates
/// nothing in steady state (scratch buffers for Huffman strings grow once, up to the maximum string length).</para>
/// <para>Not thread-safe; one decoder per connection, used by the connection's reader.</para>
/// <para>Errors are return values. Any error for which <see cref="HPackErrorExtensions.IsCompressionError"/> is true
/// leaves the decoder unusable (later calls return <see cref="HPackError.DecoderFailed"/>): the caller must end the
/// connection with GOAWAY(COMPRESSION_ERROR). <see cref="HPackError.HeaderListTooLarge"/> is not one of them.</para>
/// <para>Protection against an "HPACK bomb" (a small block that references a large dynamic entry many times): the
/// decoded list size (name + value + 32 per field, RFC 9113 §6.5.2) is added up before each field is delivered, and
/// delivery stops at <see cref="MaxHeaderListSize"/>; the rest of the block is still parsed, without delivering or
/// copying anything, only to keep the dynamic table in sync.</para>
/// </remarks>
internal sealed class HPackDecoder
{
    /// <summary>The initial SETTINGS_HEADER_TABLE_SIZE of every HTTP/2 endpoint (RFC 9113 §6.5.2).</summary>
    public const int DefaultHeaderTableSize = 4096;

    /// <summary>The default limit on the decoded header list size, in RFC 9113 §6.5.2 terms.</summary>
    public const int DefaultMaxHeaderListSize = 64 * 1024;

    private const int InitialScratchSize = 256;

    private readonly HPackDynamicTable _table;
    private readonly int _maxStringLength;
    private int _maxTableSizeLimit;
    private int _maxHeaderListSize;
    private bool _tableSizeUpdateRequired;
    private HPackError _failure;
    private byte[] _nameScratch = [];
    private byte[] _valueScratch = [];

    /// <summary>Creates a decoder.</summary>
    /// <param name="maxDynamicTableSize">The SETTINGS_HEADER_TABLE_SIZE in force: the largest dynamic table the peer's
    /// encoder may use. Use <see cref="DefaultHeaderTableSize"/> until a SETTINGS frame that advertises another value is
    /// acknowledged, then call <see cref="SetMaxDynamicTableSize"/>.</param>
    /// <param name="maxHeaderListSize">The largest decoded header list delivered for one block (see remarks).</param>
    /// <param name="maxStringLength">The longest name or value accepted, after Huffman decoding; defaults to
    /// <paramref name="maxHeaderListSize"/>. Checked before any copy or decode.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is negative or zero (configuration error).</exception>
    public HPackDecoder(
        int maxDynamicTableSize = DefaultHeaderTableSize,
        int maxHeaderListSize = DefaultMaxHeaderListSize,
        int maxStringLength = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDynamicTableSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHeaderListSize);
        ArgumentOutOfRangeException.ThrowIfNegative(maxStringLength);
        _maxTableSizeLimit = maxDynamicTableSize;
        _maxHeaderListSize = maxHeaderListSize;
        _maxStringLength = maxStringLength == 0 ? maxHeaderListSize : maxStringLength;
        _table = new HPackDynamicTable(maxDynamicTableSize);
    }

    /// <summary>The largest decoded header list (sum of name + value + 32 per field) delivered for one block.
    /// May be changed between blocks.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less.</exception>
    public int MaxHeaderListSize
    {
        get => _maxHeaderListSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _maxHeaderListSize = value;
        }
    }

    /// <summary>The SETTINGS_HEADER_TABLE_SIZE in force: the ceiling for the peer's dynamic table size updates.</summary>
    public int MaxDynamicTableSize => _maxTableSizeLimit;

    /// <summary>The dynamic table; exposed for tests and diagnostics, read it only between blocks.</summary>
    internal HPackDynamicTable DynamicTable => _table;

    /// <summary>
    /// Applies a new SETTINGS_HEADER_TABLE_SIZE once the peer has acknowledged the SETTINGS frame that carried it
    /// (RFC 7541 §4.2). When the new limit is below the table's current maximum, the next block must start with a
    /// dynamic table size update that honours it, or decoding fails with <see cref="HPackError.InvalidTableSizeUpdate"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDynamicTableSize"/> is negative.</exception>
    public void SetMaxDynamicTableSize(int maxDynamicTableSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDynamicTableSize);
        _maxTableSizeLimit = maxDynamicTableSize;
        if (maxDynamicTableSize < _table.MaxSize)
        {
            _tableSizeUpdateRequired = true;
        }
    }

    /// <summary>
    /// Decodes one complete header block that may span several segments (for example HEADERS plus CONTINUATION
    /// payloads). A multi-segment block is copied into a pooled buffer first.
    /// </summary>
    /// <inheritdoc cref="Decode{THandler}(ReadOnlySpan{byte}, ref THandler)"/>
    public HPackError Decode<THandler>(in ReadOnlySequence<byte> block, ref THandler handler)
        where THandler : IHeaderBlockHandler, allows ref struct
    {
        if (block.IsSingleSegment)
        {
            return Decode(block.FirstSpan, ref handler);
        }

        if (block.Length > int.MaxValue)
        {
            // Unreachable behind any sane frame limit, but it cannot be decoded in one piece.
            return Fail(HPackError.StringTooLong);
        }

        var length = (int)block.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        block.CopyTo(buffer);
        var result = Decode(buffer.AsSpan(0, length), ref handler);
        ArrayPool<byte>.Shared.Return(buffer);
        return result;
    }

    /// <summary>Decodes one complete header block, delivering each field to <paramref name="handler"/> in order.</summary>
    /// <param name="block">The whole block. Not retained after the call.</param>
    /// <param name="handler">Receives the fields (see <see cref="IHeaderBlockHandler.OnHeader"/> for span lifetimes).</param>
    /// <returns><see cref="HPackError.None"/> when every field was delivered; otherwise the first problem found. On a
    /// compression error some fields may already have been delivered and must be discarded.</returns>
    public HPackError Decode<THandler>(ReadOnlySpan<byte> block, ref THandler handler)
        where THandler : IHeaderBlockHandler, allows ref struct
    {
        if (_failure != HPackError.None)
        {
            return HPackError.DecoderFailed;
        }

        var position = 0;
        long listSize = 0;
        var listTooLarge = false;
        var atBlockStart = true;
        while (position < block.Length)
        {
            var first = block[position];
            HPackError error;
            if ((first & 0xE0) == 0x20)
            {
                // Dynamic table size update (§6.3): only before the first field of a block (§4.2).
                if (!atBlockStart)
                {
                    return Fail(HPackError.InvalidTableSizeUpdate);
                }

                error = HPackInteger.Decode(block, ref position, 5, out var size);
                if (error != HPackError.None)
                {
                    return Fail(error);
                }

                if (size > _maxTableSizeLimit)
                {
                    return Fail(HPackError.InvalidTableSizeUpdate);
                }

                _table.SetMaxSize(size);
                _tableSizeUpdateRequired = false;
                continue;
            }

            if (atBlockStart)
            {
                if (_tableSizeUpdateRequired)
                {
                    return Fail(HPackError.InvalidTableSizeUpdate);
                }

                atBlockStart = false;
            }

            ReadOnlySpan<byte> name;
            ReadOnlySpan<byte> value;
            if ((first & 0x80) != 0)
            {
                // Indexed header field (§6.1).
                error = HPackInteger.Decode(block, ref position, 7, out var index);
                if (error != HPackError.None || (error = GetField(index, out name, out value)) != HPackError.None)
                {
                    return Fail(error);
                }

                Deliver(ref handler, name, value, HeaderFieldFlags.None, ref listSize, ref listTooLarge);
                continue;
            }

            // Literal header field (§6.2): incremental indexing 01xxxxxx (6-bit prefix), without indexing 0000xxxx
            // or never indexed 0001xxxx (4-bit prefix).
            var incremental = (first & 0x40) != 0;
            var flags = !incremental && (first & 0x10) != 0 ? HeaderFieldFlags.NeverIndexed : HeaderFieldFlags.None;
            error = HPackInteger.Decode(block, ref position, incremental ? 6 : 4, out var nameIndex);
            if (error != HPackError.None)
            {
                return Fail(error);
            }

            error = nameIndex == 0
                ? ReadString(block, ref position, ref _nameScratch, out name)
                : GetField(nameIndex, out name, out _);
            if (error != HPackError.None
                || (error = ReadString(block, ref position, ref _valueScratch, out value)) != HPackError.None)
            {
                return Fail(error);
            }

            Deliver(ref handler, name, value, flags, ref listSize, ref listTooLarge);
            if (incremental)
            {
                // After delivery: adding may evict or move the bytes that name points to.
                _table.Add(name, value);
            }
        }

        return listTooLarge ? HPackError.HeaderListTooLarge : HPackError.None;
    }

    private void Deliver<THandler>(
        ref THandler handler, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HeaderFieldFlags flags,
        ref long listSize, ref bool listTooLarge)
        where THandler : IHeaderBlockHandler, allows ref struct
    {
        if (listTooLarge)
        {
            return;
        }

        listSize += (long)name.Length + value.Length + HPackDynamicTable.EntryOverhead;
        if (listSize > _maxHeaderListSize)
        {
            listTooLarge = true;
            return;
        }

        if (name.Length > 0 && name[0] == (byte)':')
        {
            flags |= HeaderFieldFlags.PseudoHeader;
        }

        handler.OnHeader(name, value, flags);
    }

    private HPackError GetField(int index, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        if (index is > 0 and <= HPackStaticTable.Count)
        {
            name = HPackStaticTable.GetName(index);
            value = HPackStaticTable.GetValue(index);
            return HPackError.None;
        }

        var dynamicIndex = index - HPackStaticTable.Count - 1;
        if (index > HPackStaticTable.Count && dynamicIndex < _table.Count)
        {
            name = _table.GetName(dynamicIndex);
            value = _table.GetValue(dynamicIndex);
            return HPackError.None;
        }

        name = default;
        value = default;
        return HPackError.InvalidIndex;
    }

    // Reads a string literal (§5.2). Raw strings are returned as a slice of the block; Huffman strings are decoded
    // into scratch, which grows (once, in steady state) up to the maximum string length. The length is checked
    // before anything is copied or decoded.
    private HPackError ReadString(ReadOnlySpan<byte> block, scoped ref int position, scoped ref byte[] scratch, out ReadOnlySpan<byte> result)
    {
        result = default;
        if (position >= block.Length)
        {
            return HPackError.Truncated;
        }

        var huffman = (block[position] & 0x80) != 0;
        var error = HPackInteger.Decode(block, ref position, 7, out var length);
        if (error != HPackError.None)
        {
            return error;
        }

        if (length > block.Length - position)
        {
            return HPackError.Truncated;
        }

        var encoded = block.Slice(position, length);
        position += length;
        if (!huffman)
        {
            if (length > _maxStringLength)
            {
                return HPackError.StringTooLong;
            }

            result = encoded;
            return HPackError.None;
        }

        var capacity = Math.Min(Huffman.GetMaxDecodedLength(length), _maxStringLength);
        if (scratch.Length < capacity)
        {
            scratch = new byte[Math.Min(Math.Max(capacity, Math.Max(InitialScratchSize, scratch.Length * 2)), _maxStringLength)];
        }

        var status = Huffman.Decode(encoded, scratch.AsSpan(0, capacity), out var written);
        if (status != OperationStatus.Done)
        {
            return status == OperationStatus.DestinationTooSmall ? HPackError.StringTooLong : HPackError.InvalidHuffmanCode;
        }

        result = scratch.AsSpan(0, written);
        return HPackError.None;
    }

    private HPackError Fail(HPackError error)
    {
        _failure = error;
        return error;
    }
}
