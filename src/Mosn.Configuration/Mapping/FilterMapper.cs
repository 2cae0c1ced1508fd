using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Configuration.Parsing;

namespace Mosn.Configuration.Mapping;

/// <summary>Maps filter entries (<c>{"type": "...", "config": {...}}</c>) of network, stream and listener filter lists.</summary>
internal static class FilterMapper
{
    // Shared, document-free empty object handed to factories when an entry has no "config".
    private static readonly JsonElement EmptyObject = CreateEmptyObject();

    /// <summary>Maps every entry of the list at <paramref name="path"/>; entries with errors are left out.</summary>
    public static IReadOnlyList<FilterConfig> MapList(JsonElement value, string path, ConfigReader reader)
    {
        var list = reader.List(value, path, (item, itemPath) => Map(item, itemPath, reader));

        return list;
    }

    /// <summary>
    /// Maps one entry. <see cref="FilterConfig.Config"/> is a clone that outlives the document: the entry's
    /// <c>config</c> object, or an empty object when it has none. Null when the entry is invalid.
    /// </summary>
    public static FilterConfig? Map(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.RequireObject(element, path))
        {
            return null;
        }

        string? type = null;
        var config = EmptyObject;
        var valid = true;
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            switch (ConfigReader.Key(property))
            {
                case "type":
                    type = reader.String(property.Value, at);
                    break;
                case "config":
                    if (reader.IsObject(property.Value, at))
                    {
                        config = property.Value.Clone();
                    }
                    else if (!ConfigReader.IsNull(property.Value))
                    {
                        valid = false;
                    }

                    break;
                default:
                    reader.Skip(at, ConfigReader.Key(property), ConfigSection.Filter);
                    break;
            }
        }

        if (string.IsNullOrEmpty(type))
        {
            reader.Error(JsonPaths.Property(path, "type"), "a filter needs a non-empty \"type\"");
            return null;
        }

        return valid ? new FilterConfig { Type = type, Config = config, JsonPath = path } : null;
    }

    private static JsonElement CreateEmptyObject()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }
}
