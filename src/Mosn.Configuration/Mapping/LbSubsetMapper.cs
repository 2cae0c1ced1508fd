using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Configuration.Parsing;

namespace Mosn.Configuration.Mapping;

/// <summary>
/// Maps a cluster's <c>lb_subset_config</c> (MOSN's <c>v2.LBSubsetConfig</c>): <c>fall_back_policy</c> (0, 1 or 2),
/// <c>default_subset</c> (a flat map of metadata key to value) and <c>subset_selectors</c> (a list of key lists).
/// </summary>
internal static class LbSubsetMapper
{
    /// <summary>
    /// Maps the section; null when it is null, not an object (an error), or lists no selector (a warning: as in MOSN,
    /// subset load balancing is then off).
    /// </summary>
    public static LbSubsetConfig? Map(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.IsObject(element, path))
        {
            return null;
        }

        var result = new LbSubsetConfig();
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            var value = property.Value;
            var key = ConfigReader.Key(property);
            switch (key)
            {
                case "fall_back_policy":
                    if (reader.Int32(value, at, 0, 2) is { } policy)
                    {
                        result = result with { FallbackPolicy = (SubsetFallbackPolicy)policy };
                    }

                    break;
                case "default_subset":
                    result = result with { DefaultSubset = MapDefaultSubset(value, at, reader) };
                    break;
                case "subset_selectors":
                    result = result with { SubsetSelectors = MapSelectors(value, at, reader) };
                    break;
                default:
                    reader.Skip(at, key, ConfigSection.Cluster);
                    break;
            }
        }

        if (result.SubsetSelectors.Count == 0)
        {
            reader.Warning(path, "ignored: no \"subset_selectors\", so subset load balancing is off (as in MOSN)");
            return null;
        }

        if (result.FallbackPolicy == SubsetFallbackPolicy.DefaultSubset && result.DefaultSubset.Count == 0)
        {
            reader.Warning(JsonPaths.Property(path, "default_subset"),
                "fall_back_policy 2 (DefaultSubset) with an empty \"default_subset\": the fallback subset is every host");
        }

        return result;
    }

    private static Dictionary<string, string> MapDefaultSubset(JsonElement value, string path, ConfigReader reader)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!reader.IsObject(value, path))
        {
            return result;
        }

        foreach (var property in value.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                result[property.Name] = property.Value.GetString()!;
            }
            else
            {
                reader.Error(at, $"a default_subset value must be a string, got {ConfigReader.Describe(property.Value)}");
            }
        }

        return result;
    }

    private static List<IReadOnlyList<string>> MapSelectors(JsonElement value, string path, ConfigReader reader)
    {
        var selectors = new List<IReadOnlyList<string>>();
        foreach (var (item, itemPath) in reader.Items(value, path))
        {
            if (item.ValueKind != JsonValueKind.Array)
            {
                reader.Error(itemPath, $"a subset selector is a list of metadata keys, got {ConfigReader.Describe(item)}");
                continue;
            }

            var keys = new List<string>();
            var valid = true;
            foreach (var (key, keyPath) in reader.Items(item, itemPath))
            {
                if (key.ValueKind == JsonValueKind.String && key.GetString() is { Length: > 0 } name)
                {
                    keys.Add(name);
                }
                else
                {
                    reader.Error(keyPath, $"a subset selector key must be a non-empty string, got {ConfigReader.Describe(key)}");
                    valid = false;
                }
            }

            if (!valid)
            {
                continue;
            }

            if (keys.Count == 0)
            {
                reader.Warning(itemPath, "ignored: an empty subset selector selects nothing");
                continue;
            }

            selectors.Add(keys);
        }

        return selectors;
    }
}
