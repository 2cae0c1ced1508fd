using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Mosn.Abstractions.Protocol;

namespace Mosn.Streams;

/// <summary>
/// The default <see cref="IHeaderMap"/>: an ordered list of (name, value) pairs with ASCII case-insensitive names.
/// Lookups are linear, which beats hashing for the 5–30 headers of a typical message.
/// </summary>
public sealed class HeaderMap : IHeaderMap
{
    internal const int LeaseNone = 0;     // made with new: never pooled
    internal const int LeaseRented = 1;   // from HeaderMapPool.Rent, in use
    internal const int LeaseReturned = 2; // given back: in the pool, or dropped

    private KeyValuePair<string, string>[] _entries;
    private int _count;

    /// <summary>Where this map is in <see cref="HeaderMapPool"/>'s cycle (a field so that it can be exchanged atomically).</summary>
    internal int Lease;

    /// <summary>Creates an empty map with room for <paramref name="capacity"/> entries.</summary>
    public HeaderMap(int capacity = 16) => _entries = capacity == 0 ? [] : new KeyValuePair<string, string>[capacity];

    /// <summary>Creates a map holding <paramref name="headers"/> in order.</summary>
    public HeaderMap(IEnumerable<KeyValuePair<string, string>> headers) : this()
    {
        foreach (var (name, value) in headers)
        {
            Add(name, value);
        }
    }

    /// <inheritdoc />
    public int Count => _count;

    /// <inheritdoc />
    public long ByteSize
    {
        get
        {
            long size = 0;
            for (var i = 0; i < _count; i++)
            {
                size += _entries[i].Key.Length + _entries[i].Value.Length;
            }

            return size;
        }
    }

    /// <inheritdoc />
    public KeyValuePair<string, string> this[int index] => (uint)index < (uint)_count ? _entries[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <inheritdoc />
    public string? Get(string name) => TryGet(name, out var value) ? value : null;

    /// <inheritdoc />
    public bool TryGet(string name, [NotNullWhen(true)] out string? value)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_entries[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = _entries[i].Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>Counts the entries named <paramref name="name"/>.</summary>
    public int CountOf(string name)
    {
        var n = 0;
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_entries[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                n++;
            }
        }

        return n;
    }

    /// <inheritdoc />
    public void Set(string name, string value)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_entries[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                _entries[i] = new(_entries[i].Key, value);
                RemoveFrom(name, i + 1);
                return;
            }
        }

        Add(name, value);
    }

    /// <inheritdoc />
    public void Add(string name, string value)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, Math.Max(8, _count * 2));
        }

        _entries[_count++] = new(name, value);
    }

    /// <inheritdoc />
    public bool Remove(string name) => RemoveFrom(name, 0);

    /// <summary>Room for entries before the array grows.</summary>
    internal int Capacity => _entries.Length;

    /// <summary>Grows the (empty) map's array to at least <paramref name="capacity"/> entries.</summary>
    internal void EnsureCapacity(int capacity)
    {
        if (_entries.Length < capacity)
        {
            _entries = new KeyValuePair<string, string>[capacity];
        }
    }

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        Array.Clear(_entries, 0, _count);
        _count = 0;
    }

    private bool RemoveFrom(string name, int start)
    {
        var write = start;
        for (var read = start; read < _count; read++)
        {
            if (!string.Equals(_entries[read].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                _entries[write++] = _entries[read];
            }
        }

        var removed = _count - write;
        Array.Clear(_entries, write, removed);
        _count = write;
        return removed > 0;
    }

    /// <summary>A struct enumerator (no allocation in <c>foreach</c> over <see cref="HeaderMap"/>).</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, string>> IEnumerable<KeyValuePair<string, string>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates the entries in order.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, string>>
    {
        private readonly HeaderMap _map;
        private int _index;

        internal Enumerator(HeaderMap map)
        {
            _map = map;
            _index = -1;
        }

        /// <inheritdoc />
        public readonly KeyValuePair<string, string> Current => _map._entries[_index];

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc />
        public bool MoveNext() => ++_index < _map._count;

        /// <inheritdoc />
        public void Reset() => _index = -1;

        /// <inheritdoc />
        public readonly void Dispose()
        {
        }
    }
}
