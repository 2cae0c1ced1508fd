using System.Globalization;
using System.Text.Json;
using Mosn.Abstractions.Config;

namespace Mosn.Configuration.Parsing;

/// <summary>
/// Reads typed values out of <see cref="JsonElement"/>s the way MOSN's Go decoder does (JSON <c>null</c> leaves a
/// setting at its default) and records a diagnostic with the JSON path for every value of the wrong type or range,
/// so that mapping goes on and every problem is reported. Not thread-safe: one reader per load.
/// </summary>
internal sealed class ConfigReader(ConfigDiagnostics diagnostics)
{
    /// <summary>Where errors and warnings go.</summary>
    public ConfigDiagnostics Diagnostics { get; } = diagnostics;

    /// <summary>The key of <paramref name="property"/> as MOSN matches it: Go's decoder ignores the case of struct keys.</summary>
    public static string Key(JsonProperty property) => property.Name.ToLowerInvariant();

    /// <summary>Records an error.</summary>
    public void Error(string path, string message) => Diagnostics.AddError(path, message);

    /// <summary>Records a warning.</summary>
    public void Warning(string path, string message) => Diagnostics.AddWarning(path, message);

    /// <summary>Reports a key that is not mapped: "ignored" when MOSN knows it (see <see cref="IgnoredKeys"/>), else "unknown key".</summary>
    public void Skip(string path, string key, ConfigSection section)
    {
        if (IgnoredKeys.Contains(section, key))
        {
            Warning(path, "ignored: not supported by Mosn.NET yet");
        }
        else
        {
            Warning(path, $"unknown key \"{key}\": MOSN does not define it here; ignored");
        }
    }

    /// <summary>True when <paramref name="value"/> is an object; false (and an error unless it is null) otherwise.</summary>
    public bool IsObject(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        if (!IsNull(value))
        {
            Error(path, $"expected an object, got {Describe(value)}");
        }

        return false;
    }

    /// <summary>True when <paramref name="value"/> is an object; false with an error otherwise, null included (for array items).</summary>
    public bool RequireObject(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Error(path, $"expected an object, got {Describe(value)}");
        return false;
    }

    /// <summary>The elements of an array with their paths; empty (and an error unless null) when not an array.</summary>
    public IEnumerable<(JsonElement Item, string Path)> Items(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            if (!IsNull(value))
            {
                Error(path, $"expected an array, got {Describe(value)}");
            }

            return [];
        }

        return value.EnumerateArray().Select((item, index) => (item, JsonPaths.Index(path, index)));
    }

    /// <summary>
    /// Maps each item of an array with <paramref name="map"/> (given the item and its JSON path) and keeps the items it
    /// returns; an item it rejects (null) has already recorded its errors. A non-array value is an error, as for <see cref="Items"/>.
    /// </summary>
    public List<T> List<T>(JsonElement value, string path, Func<JsonElement, string, T?> map)
        where T : class
    {
        var list = new List<T>();
        foreach (var (item, itemPath) in Items(value, path))
        {
            if (map(item, itemPath) is { } mapped)
            {
                list.Add(mapped);
            }
        }

        return list;
    }

    /// <summary>A string; null when the value is null or (with an error) not a string.</summary>
    public string? String(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        if (!IsNull(value))
        {
            Error(path, $"expected a string, got {Describe(value)}");
        }

        return null;
    }

    /// <summary>A boolean; null when the value is null or (with an error) not <c>true</c>/<c>false</c>.</summary>
    public bool? Bool(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                if (!IsNull(value))
                {
                    Error(path, $"expected true or false, got {Describe(value)}");
                }

                return null;
        }
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>]; null when null or (with an error) invalid.</summary>
    public long? Integer(JsonElement value, string path, long min, long max)
    {
        if (IsNull(value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= min && number <= max)
        {
            return number;
        }

        Error(path, $"expected an integer from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, got {Describe(value)}");
        return null;
    }

    /// <summary>A number (integer or not) in [<paramref name="min"/>, <paramref name="max"/>]; null when null or (with an error) invalid.</summary>
    public double? Number(JsonElement value, string path, double min, double max)
    {
        if (IsNull(value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number) && number >= min && number <= max)
        {
            return number;
        }

        Error(path, $"expected a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, got {Describe(value)}");
        return null;
    }

    /// <summary>An <see cref="int"/> in [<paramref name="min"/>, <paramref name="max"/>]; null when null or (with an error) invalid.</summary>
    public int? Int32(JsonElement value, string path, int min, int max) => (int?)Integer(value, path, min, max);

    /// <summary>
    /// A <see cref="Duration(JsonElement, string)"/> of at least <paramref name="min"/>; a shorter one is reported as <paramref name="tooShort"/>.
    /// Null when null or (with an error) invalid.
    /// </summary>
    public TimeSpan? Duration(JsonElement value, string path, TimeSpan min, string tooShort)
    {
        if (Duration(value, path) is not { } duration)
        {
            return null;
        }

        if (duration < min)
        {
            Error(path, tooShort);
            return null;
        }

        return duration;
    }

    /// <summary>
    /// A non-negative Go duration string (<c>"10s"</c>, <c>"1m30s"</c>, <c>"500ms"</c>, <c>"0"</c>). As in MOSN
    /// (<c>api.DurationConfig</c> strips the quotes and calls <c>time.ParseDuration</c>) a bare JSON number is read the
    /// same way, so only <c>0</c> is valid without a unit. Null when null or (with an error) invalid.
    /// </summary>
    public TimeSpan? Duration(JsonElement value, string path)
    {
        string? text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (text is null)
        {
            if (!IsNull(value))
            {
                Error(path, $"expected a duration like \"10s\", got {Describe(value)}");
            }

            return null;
        }

        if (!GoDuration.TryParse(text, out var duration))
        {
            var hint = value.ValueKind == JsonValueKind.Number ? " (a number needs a unit, e.g. \"10s\")" : "";
            Error(path, $"expected a duration like \"10s\", got {Describe(value)}{hint}");
            return null;
        }

        if (duration < TimeSpan.Zero)
        {
            Error(path, $"a duration must not be negative, got {Describe(value)}");
            return null;
        }

        return duration;
    }

    /// <summary>An array of strings; an error for each element that is not a string.</summary>
    public IReadOnlyList<string> StringList(JsonElement value, string path)
    {
        var list = new List<string>();
        foreach (var (item, itemPath) in Items(value, path))
        {
            if (String(item, itemPath) is { } text)
            {
                list.Add(text);
            }
            else if (IsNull(item))
            {
                Error(itemPath, "expected a string, got null");
            }
        }

        return list;
    }

    /// <summary>
    /// MOSN metadata <c>{"filter_metadata": {"mosn.lb": {"k": "v"}}}</c> flattened to the <c>mosn.lb</c> map. As in MOSN
    /// non-string values are dropped (with a warning here). Null when the value is null or not an object.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Metadata(JsonElement value, string path)
    {
        if (!IsObject(value, path))
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var outer in value.EnumerateObject())
        {
            var outerPath = JsonPaths.Property(path, outer.Name);
            if (Key(outer) != "filter_metadata")
            {
                Skip(outerPath, Key(outer), ConfigSection.Metadata);
                continue;
            }

            if (!IsObject(outer.Value, outerPath))
            {
                continue;
            }

            foreach (var ns in outer.Value.EnumerateObject())
            {
                var nsPath = JsonPaths.Property(outerPath, ns.Name);
                if (Key(ns) != "mosn.lb")
                {
                    Skip(nsPath, Key(ns), ConfigSection.Metadata);
                    continue;
                }

                if (!IsObject(ns.Value, nsPath))
                {
                    continue;
                }

                foreach (var entry in ns.Value.EnumerateObject())
                {
                    if (entry.Value.ValueKind == JsonValueKind.String)
                    {
                        result[entry.Name] = entry.Value.GetString()!;
                    }
                    else
                    {
                        Warning(JsonPaths.Property(nsPath, entry.Name), $"ignored: metadata values must be strings, got {Describe(entry.Value)}");
                    }
                }
            }
        }

        return result;
    }

    /// <summary>A copy of <paramref name="value"/> that outlives its document; null when the value is null.</summary>
    public static JsonElement? Raw(JsonElement value) => IsNull(value) ? null : value.Clone();

    /// <summary>True for JSON null (and for a missing element).</summary>
    public static bool IsNull(JsonElement value) => value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;

    /// <summary>A short description of a value for messages: strings quoted, numbers as written, otherwise the kind.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => JsonSerializerQuote(value.GetString()!),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };

    private static string JsonSerializerQuote(string text) => $"\"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
