using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Configuration.Parsing;

namespace Mosn.Configuration.Mapping;

/// <summary>Maps one entry of <c>servers</c>: logging settings, listeners and named route tables.</summary>
internal static class ServerMapper
{
    /// <summary>Maps the server at <paramref name="path"/>; null when it is not an object.</summary>
    public static ServerConfig? Map(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.RequireObject(element, path))
        {
            return null;
        }

        var server = new ServerConfig();
        var listeners = new List<ListenerConfig>();
        var routers = new List<RouterConfig>();
        var legacyRouters = new List<RouterConfig>();
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            var value = property.Value;
            var key = ConfigReader.Key(property);
            switch (key)
            {
                case "mosn_server_name":
                    server = server with { MosnServerName = reader.String(value, at) };
                    break;
                case "default_log_path":
                    server = server with { DefaultLogPath = reader.String(value, at) };
                    break;
                case "default_log_level":
                    server = server with { DefaultLogLevel = reader.String(value, at) };
                    break;
                case "graceful_timeout":
                    if (reader.Duration(value, at) is { } graceful)
                    {
                        server = server with { GracefulTimeout = graceful };
                    }

                    break;
                case "listeners":
                    listeners.AddRange(reader.List(value, at, (item, itemPath) => ListenerMapper.Map(item, itemPath, reader, legacyRouters)));

                    break;
                case "routers":
                    routers.AddRange(reader.List(value, at, (item, itemPath) => RouterMapper.Map(item, itemPath, reader)));

                    break;
                default:
                    reader.Skip(at, key, ConfigSection.Server);
                    break;
            }
        }

        routers.AddRange(legacyRouters);
        return server with { Listeners = listeners, Routers = routers };
    }
}
