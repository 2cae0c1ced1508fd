using System.Text.Json;
using Mosn.Abstractions.Config;

namespace Mosn.Filters.Parsing;

/// <summary>
/// Reads one JSON object of a filter's raw config, reporting every problem to <see cref="ConfigDiagnostics"/> with its
/// JSON path, and warning about keys nobody read. Config-time only; not thread-safe.
/// </summary>
/// <remarks>
/// Keys match as Go's <c>encoding/json</c> matches them for MOSN (case-insensitively), and additionally ignore
/// underscores, so <c>source_addrs</c>, <c>SourceAddrs</c> and <c>sourceaddrs</c> are the same key. Paths in
/// diagnostics use the key as the filter documents it.
/// </remarks>
internal sealed class ConfigObjectReader
{
    private readonly JsonElement _element;
    private readonly ConfigDiagnostics _diagnostics;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private ConfigObjectReader(JsonElement element, string path, ConfigDiagnostics diagnostics)
    {
        _element = element;
        Path = path;
        _diagnostics = diagnostics;
    }

    /// <summary>The JSON path of the object.</summary>
    public string Path { get; }

    /// <summary>The diagnostics problems go to.</summary>
    public ConfigDiagnostics Diagnostics => _diagnostics;

    /// <summary>
    /// Opens <paramref name="element"/> as an object. An absent config (<c>Undefined</c> or <c>null</c>) reads as an empty
    /// object; anything else that is not an object is an error and returns null.
    /// </summary>
    public static ConfigObjectReader? Open(JsonElement element, string path, ConfigDiagnostics diagnostics)
    {
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            using var empty = JsonDocument.Parse("{}");
            return new ConfigObjectReader(empty.RootElement.Clone(), path, diagnostics);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            diagnostics.AddError(path, $"expected a JSON object, found {Describe(element)}");
            return null;
        }

        return new ConfigObjectReader(element, path, diagnostics);
    }

    /// <summary>The JSON path of <paramref name="key"/> in this object.</summary>
    public string PathOf(string key) => $"{Path}.{key}";

    /// <summary>Finds <paramref name="key"/>; a JSON <c>null</c> counts as absent.</summary>
    public bool TryGet(string key, out JsonElement value)
    {
        var wanted = Normalize(key);
        foreach (var property in _element.EnumerateObject())
        {
            if (Normalize(property.Name) == wanted)
            {
                _read.Add(property.Name);
                value = property.Value;
                return value.ValueKind != JsonValueKind.Null;
            }
        }

        value = default;
        return false;
    }

    /// <summary>A string value, or null when absent (an error when present but not a string).</summary>
    public string? GetString(string key)
    {
        if (!TryGet(key, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            _diagnostics.AddError(PathOf(key), $"expected a string, found {Describe(value)}");
            return null;
        }

        return value.GetString();
    }

    /// <summary>A boolean value, or <paramref name="defaultValue"/> when absent or invalid (invalid is an error).</summary>
    public bool GetBool(string key, bool defaultValue)
    {
        if (!TryGet(key, out var value))
        {
            return defaultValue;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            _diagnostics.AddError(PathOf(key), $"expected true or false, found {Describe(value)}");
            return defaultValue;
        }

        return value.GetBoolean();
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>], or null when absent or invalid (invalid is an error).</summary>
    public long? GetInteger(string key, long min, long max)
    {
        if (!TryGet(key, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            _diagnostics.AddError(PathOf(key), $"expected an integer, found {Describe(value)}");
            return null;
        }

        if (number < min || number > max)
        {
            _diagnostics.AddError(PathOf(key), $"must be between {min} and {max}, found {number}");
            return null;
        }

        return number;
    }

    /// <summary>
    /// A non-negative duration (Go duration string or integer nanoseconds), or null when absent or invalid (invalid is an error).
    /// </summary>
    public TimeSpan? GetDuration(string key)
    {
        if (!TryGet(key, out var value))
        {
            return null;
        }

        TimeSpan duration;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var nanoseconds))
        {
            duration = TimeSpan.FromTicks(nanoseconds / 100);
        }
        else if (value.ValueKind != JsonValueKind.String || !GoDuration.TryParse(value.GetString(), out duration))
        {
            _diagnostics.AddError(PathOf(key), $"expected a duration such as \"1s\" or \"250ms\", found {Describe(value)}");
            return null;
        }

        if (duration < TimeSpan.Zero)
        {
            _diagnostics.AddError(PathOf(key), $"must not be negative, found {value.GetRawText()}");
            return null;
        }

        return duration;
    }

    /// <summary>A nested object, or null when absent or not an object (not an object is an error).</summary>
    public ConfigObjectReader? GetObject(string key)
    {
        if (!TryGet(key, out var value))
        {
            return null;
        }

        return Open(value, PathOf(key), _diagnostics);
    }

    /// <summary>The items of an array, each with its path; empty when absent or not an array (not an array is an error).</summary>
    public IReadOnlyList<(JsonElement Item, string Path)> GetArray(string key)
    {
        if (!TryGet(key, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            _diagnostics.AddError(PathOf(key), $"expected an array, found {Describe(value)}");
            return [];
        }

        var items = new List<(JsonElement, string)>(value.GetArrayLength());
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            items.Add((item, $"{PathOf(key)}[{i++}]"));
        }

        return items;
    }

    /// <summary>Warns about every key that no getter asked for (MOSN ignores unknown keys; we say so).</summary>
    public void WarnUnknownKeys()
    {
        foreach (var property in _element.EnumerateObject())
        {
            if (!_read.Contains(property.Name))
            {
                _diagnostics.AddWarning(PathOf(property.Name), "unknown key, ignored");
            }
        }
    }

    /// <summary>A short description of a JSON value's kind for messages.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"string \"{value.GetString()}\"",
        JsonValueKind.Number => $"number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"boolean {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Normalize(string key) => key.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
}
