using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Configuration.Parsing;

namespace Mosn.Configuration.Mapping;

/// <summary>Maps <c>*_headers_to_add</c> lists: <c>[{"header": {"key": "k", "value": "v"}, "append": false}]</c>.</summary>
internal static class HeaderOptionsMapper
{
    /// <summary>Maps a list of header value options; entries with errors are left out.</summary>
    public static IReadOnlyList<HeaderValueOption> MapList(JsonElement value, string path, ConfigReader reader)
    {
        var list = reader.List(value, path, (item, itemPath) => Map(item, itemPath, reader));

        return list;
    }

    private static HeaderValueOption? Map(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.RequireObject(element, path))
        {
            return null;
        }

        string? key = null;
        var headerValue = "";
        var append = true;
        var headerPath = JsonPaths.Property(path, "header");
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            switch (ConfigReader.Key(property))
            {
                case "header":
                    headerPath = at;
                    if (!reader.IsObject(property.Value, at))
                    {
                        break;
                    }

                    foreach (var inner in property.Value.EnumerateObject())
                    {
                        var innerAt = JsonPaths.Property(at, inner.Name);
                        switch (ConfigReader.Key(inner))
                        {
                            case "key":
                                key = reader.String(inner.Value, innerAt);
                                break;
                            case "value":
                                headerValue = reader.String(inner.Value, innerAt) ?? "";
                                break;
                            default:
                                reader.Skip(innerAt, ConfigReader.Key(inner), ConfigSection.HeaderValueOption);
                                break;
                        }
                    }

                    break;
                case "append":
                    append = reader.Bool(property.Value, at) ?? true;
                    break;
                default:
                    reader.Skip(at, ConfigReader.Key(property), ConfigSection.HeaderValueOption);
                    break;
            }
        }

        if (string.IsNullOrEmpty(key))
        {
            reader.Error(JsonPaths.Property(headerPath, "key"), "a header to add needs a non-empty \"header.key\"");
            return null;
        }

        return new HeaderValueOption { Key = key, Value = headerValue, Append = append };
    }
}
