using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Configuration.Parsing;

namespace Mosn.Configuration.Mapping;

/// <summary>Maps a cluster's <c>lbconfig</c> (MOSN's <c>v2.LbConfig</c>): <c>choice_count</c> and <c>active_request_bias</c>.</summary>
internal static class LbConfigMapper
{
    /// <summary>The balancers that read <c>lbconfig</c>.</summary>
    private static readonly string[] Readers = ["LB_LEAST_REQUEST", "LB_LEAST_CONNECTION"];

    /// <summary>Maps <c>lbconfig</c>; the defaults when the value is null or (with an error) not an object.</summary>
    public static LbConfig Map(JsonElement element, string path, ConfigReader reader)
    {
        var result = new LbConfig();
        if (!reader.IsObject(element, path))
        {
            return result;
        }

        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            var value = property.Value;
            var key = ConfigReader.Key(property);
            switch (key)
            {
                case "choice_count":
                    // MOSN's uint32; fewer than two choices is no choice at all.
                    result = result with { ChoiceCount = reader.Int32(value, at, 2, 1024) ?? result.ChoiceCount };
                    break;
                case "active_request_bias":
                    result = result with { ActiveRequestBias = reader.Number(value, at, 0, 1000) ?? result.ActiveRequestBias };
                    break;
                default:
                    reader.Skip(at, key, ConfigSection.LbConfig);
                    break;
            }
        }

        return result;
    }

    /// <summary>Warns when the cluster's <c>lb_type</c> does not read <c>lbconfig</c> (MOSN ignores it silently).</summary>
    public static void CheckUsed(ClusterConfig cluster, ClusterKeyPaths paths, ConfigReader reader)
    {
        if (paths.LbConfig is { } at && !Readers.Contains(cluster.LbType))
        {
            reader.Warning(at, $"ignored: only {string.Join(" and ", Readers)} read lbconfig (lb_type is {cluster.LbType})");
        }
    }
}
