using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Mosn.Abstractions.Protocol;

namespace Mosn.Streams;

/// <summary>
/// An empty <see cref="IHeaderMap"/> whose writes are ignored: what a stream shows as its headers once it has ended.
/// The stream's own map has gone back to <see cref="HeaderMapPool"/> and may already hold another message's headers, so
/// a late caller (a filter's timer still holding the stream's handler) is given this one instead.
/// </summary>
public sealed class EmptyHeaderMap : IHeaderMap
{
    /// <summary>The one instance (it has no state).</summary>
    public static readonly EmptyHeaderMap Instance = new();

    private EmptyHeaderMap()
    {
    }

    /// <inheritdoc />
    public int Count => 0;

    /// <inheritdoc />
    public KeyValuePair<string, string> this[int index] => throw new ArgumentOutOfRangeException(nameof(index));

    /// <inheritdoc />
    public long ByteSize => 0;

    /// <inheritdoc />
    public string? Get(string name) => null;

    /// <inheritdoc />
    public bool TryGet(string name, [NotNullWhen(true)] out string? value)
    {
        value = null;
        return false;
    }

    /// <summary>Ignored: the map stays empty.</summary>
    public void Set(string name, string value)
    {
    }

    /// <summary>Ignored: the map stays empty.</summary>
    public void Add(string name, string value)
    {
    }

    /// <inheritdoc />
    public bool Remove(string name) => false;

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Enumerable.Empty<KeyValuePair<string, string>>().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
