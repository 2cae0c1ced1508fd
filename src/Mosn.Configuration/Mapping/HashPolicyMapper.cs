using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Configuration.Parsing;

namespace Mosn.Configuration.Mapping;

/// <summary>
/// Maps a route action's <c>hash_policy</c>: a list of entries, each with exactly one of <c>header {key}</c>,
/// <c>cookie {name, path, ttl}</c> or <c>source_ip {}</c> (MOSN's <c>v2.HashPolicy</c>).
/// </summary>
internal static class HashPolicyMapper
{
    /// <summary>Maps the list; entries with errors are left out (their errors are recorded). Empty for null.</summary>
    public static List<HashPolicyConfig> MapList(JsonElement value, string path, ConfigReader reader) =>
        reader.List(value, path, (item, itemPath) => Map(item, itemPath, reader));

    private static HashPolicyConfig? Map(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.RequireObject(element, path))
        {
            return null;
        }

        var kinds = new List<string>(1);
        HashPolicyConfig? result = null;
        var valid = true;
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            var key = ConfigReader.Key(property);
            if (key is not ("header" or "cookie" or "source_ip"))
            {
                reader.Skip(at, key, ConfigSection.RouteAction);
                continue;
            }

            if (ConfigReader.IsNull(property.Value))
            {
                continue; // MOSN's omitted pointer
            }

            kinds.Add(key);
            var mapped = key switch
            {
                "header" => MapHeader(property.Value, at, reader),
                "cookie" => MapCookie(property.Value, at, reader),
                _ => MapSourceIp(property.Value, at, reader),
            };
            valid &= mapped is not null;
            result = mapped;
        }

        if (kinds.Count != 1)
        {
            var found = kinds.Count == 0 ? "none" : string.Join(", ", kinds);
            reader.Error(path, $"a hash policy needs exactly one of \"header\", \"cookie\" or \"source_ip\" (found: {found})");
            return null;
        }

        return valid ? result : null;
    }

    private static HashPolicyConfig? MapHeader(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.RequireObject(element, path))
        {
            return null;
        }

        string? name = null;
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            if (ConfigReader.Key(property) == "key")
            {
                name = reader.String(property.Value, at);
            }
            else
            {
                reader.Skip(at, ConfigReader.Key(property), ConfigSection.RouteAction);
            }
        }

        if (string.IsNullOrEmpty(name))
        {
            reader.Error(JsonPaths.Property(path, "key"), "a header hash policy needs a non-empty \"key\" (the header name)");
            return null;
        }

        return new HashPolicyConfig { Type = HashPolicyType.Header, Name = name };
    }

    private static HashPolicyConfig? MapCookie(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.RequireObject(element, path))
        {
            return null;
        }

        var result = new HashPolicyConfig { Type = HashPolicyType.Cookie };
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            switch (ConfigReader.Key(property))
            {
                case "name":
                    result = result with { Name = reader.String(property.Value, at) ?? "" };
                    break;
                case "path":
                    result = result with { CookiePath = reader.String(property.Value, at) };
                    break;
                case "ttl":
                    result = result with { CookieTtl = reader.Duration(property.Value, at) };
                    break;
                default:
                    reader.Skip(at, ConfigReader.Key(property), ConfigSection.RouteAction);
                    break;
            }
        }

        if (result.Name.Length == 0)
        {
            reader.Error(JsonPaths.Property(path, "name"), "a cookie hash policy needs a non-empty \"name\" (the cookie name)");
            return null;
        }

        return result;
    }

    private static HashPolicyConfig? MapSourceIp(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.RequireObject(element, path))
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            reader.Skip(JsonPaths.Property(path, property.Name), ConfigReader.Key(property), ConfigSection.RouteAction);
        }

        return new HashPolicyConfig { Type = HashPolicyType.SourceIp };
    }
}
