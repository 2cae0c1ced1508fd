using System.Diagnostics;

namespace Mosn.Protocols.Http2.HPack;

/// <summary>
/// The HPACK dynamic table (RFC 7541 §2.3.2, §4): a FIFO of header fields bounded by a size in octets, where each
/// entry costs its name and value lengths plus <see cref="EntryOverhead"/>. Index 0 is the newest entry (HPACK index
/// 62). Not thread-safe: one table belongs to one decoder or encoder.
/// </summary>
/// <remarks>
/// Entries live back to back in one byte array, oldest first, so eviction only moves a start offset and adding
/// appends. When the array's tail is too short the live bytes are moved to the front (amortized: the array holds at
/// least twice the live bytes after each compaction) or the array grows, up to about twice the maximum size. In
/// steady state adding and evicting allocate nothing.
/// </remarks>
internal sealed class HPackDynamicTable
{
    /// <summary>The per-entry overhead of RFC 7541 §4.1.</summary>
    public const int EntryOverhead = 32;

    private byte[] _storage = [];
    private int _dataStart;
    private int _dataEnd;

    // Ring of entry descriptors: _entries[_head] is the oldest.
    private Entry[] _entries = [];
    private int _head;
    private int _count;

    /// <summary>Creates an empty table whose maximum size is <paramref name="maxSize"/> octets.</summary>
    public HPackDynamicTable(int maxSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        MaxSize = maxSize;
    }

    /// <summary>The number of entries.</summary>
    public int Count => _count;

    /// <summary>The table size in RFC 7541 §4.1 terms: the sum of name + value + 32 over all entries.</summary>
    public int Size { get; private set; }

    /// <summary>The maximum size; <see cref="Size"/> never exceeds it.</summary>
    public int MaxSize { get; private set; }

    /// <summary>The name of entry <paramref name="index"/> (0 = newest). Valid until the next change to the table.</summary>
    public ReadOnlySpan<byte> GetName(int index)
    {
        ref readonly var entry = ref GetEntry(index);
        return _storage.AsSpan(entry.Offset, entry.NameLength);
    }

    /// <summary>The value of entry <paramref name="index"/> (0 = newest). Valid until the next change to the table.</summary>
    public ReadOnlySpan<byte> GetValue(int index)
    {
        ref readonly var entry = ref GetEntry(index);
        return _storage.AsSpan(entry.Offset + entry.NameLength, entry.ValueLength);
    }

    /// <summary>Changes the maximum size, evicting the oldest entries until the table fits (RFC 7541 §4.3).</summary>
    public void SetMaxSize(int maxSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        MaxSize = maxSize;
        EvictUntilFits(0);
    }

    /// <summary>Adds a field as the newest entry, evicting as needed (RFC 7541 §4.4). A field larger than
    /// <see cref="MaxSize"/> empties the table and is not added.</summary>
    /// <param name="name">The name; may point into this table (it is copied before anything is evicted).</param>
    /// <param name="value">The value; may point into this table.</param>
    /// <param name="nameHash">Hash of <paramref name="name"/> for <see cref="Find"/>; 0 when nobody searches.</param>
    /// <param name="valueHash">Hash of <paramref name="value"/> for <see cref="Find"/>; 0 when nobody searches.</param>
    public void Add(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, int nameHash = 0, int valueHash = 0)
    {
        var entrySize = (long)name.Length + value.Length + EntryOverhead;
        if (entrySize > MaxSize)
        {
            EvictUntilFits(MaxSize + 1L);
            return;
        }

        if (name.Overlaps(_storage) || value.Overlaps(_storage))
        {
            // RFC 7541 §4.4: the referenced name may be the very entry that the addition evicts. Copy first.
            AddCopy(name, value, nameHash, valueHash);
            return;
        }

        EvictUntilFits(entrySize);
        var length = name.Length + value.Length;
        var offset = Reserve(length);
        name.CopyTo(_storage.AsSpan(offset));
        value.CopyTo(_storage.AsSpan(offset + name.Length));

        if (_count == _entries.Length)
        {
            GrowEntries();
        }

        _entries[(_head + _count) % _entries.Length] = new Entry(offset, name.Length, value.Length, nameHash, valueHash);
        _count++;
        Size += (int)entrySize;
    }

    /// <summary>
    /// Searches newest to oldest for <paramref name="name"/> and <paramref name="value"/> (the hashes must have been
    /// given to <see cref="Add"/>). Returns the index of a full match, or -1; <paramref name="nameIndex"/> receives the
    /// index of the newest entry with that name, or -1. Linear in <see cref="Count"/> with a hash pre-check.
    /// </summary>
    public int Find(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, int nameHash, int valueHash, out int nameIndex)
    {
        nameIndex = -1;
        for (var i = 0; i < _count; i++)
        {
            ref readonly var entry = ref GetEntry(i);
            if (entry.NameHash != nameHash || entry.NameLength != name.Length
                || !_storage.AsSpan(entry.Offset, entry.NameLength).SequenceEqual(name))
            {
                continue;
            }

            if (nameIndex < 0)
            {
                nameIndex = i;
            }

            if (entry.ValueHash == valueHash && entry.ValueLength == value.Length
                && _storage.AsSpan(entry.Offset + entry.NameLength, entry.ValueLength).SequenceEqual(value))
            {
                return i;
            }
        }

        return -1;
    }

    private void AddCopy(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, int nameHash, int valueHash)
    {
        var length = name.Length + value.Length;
        var copy = ArrayPool<byte>.Shared.Rent(length);
        name.CopyTo(copy);
        value.CopyTo(copy.AsSpan(name.Length));
        Add(copy.AsSpan(0, name.Length), copy.AsSpan(name.Length, value.Length), nameHash, valueHash);
        ArrayPool<byte>.Shared.Return(copy);
    }

    private ref readonly Entry GetEntry(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return ref _entries[(_head + _count - 1 - index) % _entries.Length];
    }

    // Evicts the oldest entries until an entry of entrySize octets fits under MaxSize (0: just fit the table).
    private void EvictUntilFits(long entrySize)
    {
        while (_count > 0 && Size + entrySize > MaxSize)
        {
            ref readonly var oldest = ref _entries[_head];
            var length = oldest.NameLength + oldest.ValueLength;
            Debug.Assert(oldest.Offset == _dataStart, "entries are stored oldest first, back to back");
            _dataStart += length;
            Size -= length + EntryOverhead;
            _head = (_head + 1) % _entries.Length;
            _count--;
        }

        if (_count == 0)
        {
            _dataStart = 0;
            _dataEnd = 0;
            _head = 0;
        }
    }

    // Returns the offset of `length` free bytes at the end of the live data, compacting or growing the storage.
    private int Reserve(int length)
    {
        if (_storage.Length - _dataEnd < length)
        {
            var live = _dataEnd - _dataStart;
            var required = live + length;
            var target = _storage;
            if ((long)required * 2 > _storage.Length)
            {
                target = new byte[Math.Max(required * 2, 64)];
            }

            _storage.AsSpan(_dataStart, live).CopyTo(target);
            _storage = target;
            for (var i = 0; i < _count; i++)
            {
                _entries[(_head + i) % _entries.Length].Offset -= _dataStart;
            }

            _dataStart = 0;
            _dataEnd = live;
        }

        var offset = _dataEnd;
        _dataEnd += length;
        return offset;
    }

    private void GrowEntries()
    {
        var grown = new Entry[Math.Max(_entries.Length * 2, 16)];
        for (var i = 0; i < _count; i++)
        {
            grown[i] = _entries[(_head + i) % _entries.Length];
        }

        _entries = grown;
        _head = 0;
    }

    private struct Entry(int offset, int nameLength, int valueLength, int nameHash, int valueHash)
    {
        public int Offset = offset;
        public readonly int NameLength = nameLength;
        public readonly int ValueLength = valueLength;
        public readonly int NameHash = nameHash;
        public readonly int ValueHash = valueHash;
    }
}
