using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Configuration.Parsing;

namespace Mosn.Configuration.Mapping;

/// <summary>Maps the top-level object of a MOSN v2 configuration file to <see cref="MosnConfig"/>.</summary>
internal static class MosnConfigMapper
{
    /// <summary>Maps <paramref name="root"/>; diagnostics go to <paramref name="reader"/>. Null when the root is not an object.</summary>
    public static MosnConfig? Map(JsonElement root, ConfigReader reader)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            reader.Error("", $"the configuration must be a JSON object, got {ConfigReader.Describe(root)}");
            return null;
        }

        var config = new MosnConfig();
        var servers = new List<ServerConfig>();
        foreach (var property in root.EnumerateObject())
        {
            var at = JsonPaths.Property("", property.Name);
            var key = ConfigReader.Key(property);
            switch (key)
            {
                case "servers":
                    servers.AddRange(reader.List(property.Value, at, (item, itemPath) => ServerMapper.Map(item, itemPath, reader)));

                    break;
                case "cluster_manager":
                    config = config with { ClusterManager = ClusterMapper.MapManager(property.Value, at, reader) };
                    break;
                case "admin":
                    config = config with { Admin = AdminMapper.Map(property.Value, at, reader) };
                    break;
                default:
                    reader.Skip(at, key, ConfigSection.Root);
                    break;
            }
        }

        return config with { Servers = servers };
    }
}
