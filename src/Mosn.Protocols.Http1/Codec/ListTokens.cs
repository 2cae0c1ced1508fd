namespace Mosn.Protocols.Http1.Codec;

/// <summary>
/// Enumerates the elements of a comma-separated field value (RFC 9110 §5.6.1) without allocating: trimmed, empty
/// elements skipped.
/// </summary>
internal ref struct ListTokens
{
    private ReadOnlySpan<char> _rest;

    /// <summary>Starts enumerating <paramref name="value"/>.</summary>
    public ListTokens(ReadOnlySpan<char> value)
    {
        _rest = value;
        Current = default;
    }

    /// <summary>The current element.</summary>
    public ReadOnlySpan<char> Current { get; private set; }

    /// <summary>Moves to the next non-empty element.</summary>
    public bool MoveNext()
    {
        while (!_rest.IsEmpty)
        {
            var comma = _rest.IndexOf(',');
            ReadOnlySpan<char> element;
            if (comma < 0)
            {
                element = _rest;
                _rest = default;
            }
            else
            {
                element = _rest[..comma];
                _rest = _rest[(comma + 1)..];
            }

            element = element.Trim(" \t");
            if (!element.IsEmpty)
            {
                Current = element;
                return true;
            }
        }

        return false;
    }

    /// <summary>Enables <c>foreach</c>.</summary>
    public readonly ListTokens GetEnumerator() => this;

    /// <summary>True when <paramref name="value"/> lists <paramref name="token"/> (case-insensitive).</summary>
    public static bool Contains(string value, string token)
    {
        foreach (var element in new ListTokens(value))
        {
            if (element.Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
