using System.Diagnostics.CodeAnalysis;

namespace Mosn.Abstractions.Protocol;

/// <summary>
/// An ordered multi-map of protocol headers. Names compare case-insensitively (ASCII).
/// </summary>
/// <remarks>
/// HTTP requests carry the pseudo headers of <see cref="PseudoHeaders"/> (<c>:method</c>, <c>:path</c>,
/// <c>:authority</c>, <c>:scheme</c>) and responses <c>:status</c>, for every HTTP version, so that routing and
/// filters are protocol-agnostic. RPC protocols expose their fields (service, method, ...) as plain headers.
/// Not thread-safe: a header map belongs to one stream and is used by one thread at a time.
/// </remarks>
public interface IHeaderMap : IEnumerable<KeyValuePair<string, string>>
{
    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    string? Get(string name);

    /// <summary>Gets the first value of <paramref name="name"/>.</summary>
    bool TryGet(string name, [NotNullWhen(true)] out string? value);

    /// <summary>Replaces every value of <paramref name="name"/> with one value.</summary>
    void Set(string name, string value);

    /// <summary>Appends a value (keeps existing ones).</summary>
    void Add(string name, string value);

    /// <summary>Removes every value of <paramref name="name"/>; true if any was removed.</summary>
    bool Remove(string name);

    /// <summary>Number of (name, value) entries.</summary>
    int Count { get; }

    /// <summary>
    /// The entry at <paramref name="index"/>, in order (0 ≤ index &lt; <see cref="Count"/>; otherwise
    /// <see cref="ArgumentOutOfRangeException"/>). Codecs walk a map with it: a <c>foreach</c> through the interface boxes
    /// the enumerator on every message.
    /// </summary>
    KeyValuePair<string, string> this[int index] { get; }

    /// <summary>Approximate encoded size: sum of name and value lengths.</summary>
    long ByteSize { get; }
}
