using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Configuration.Parsing;
using Mosn.Configuration.Validation;

namespace Mosn.Configuration.Mapping;

/// <summary>Maps a named route table (<c>servers[].routers[]</c>, or the config of a legacy <c>connection_manager</c> filter).</summary>
internal static class RouterMapper
{
    /// <summary>Maps the route table at <paramref name="path"/>; null when it is not an object.</summary>
    public static RouterConfig? Map(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.RequireObject(element, path))
        {
            return null;
        }

        var router = new RouterConfig { JsonPath = path };
        string? name = null;
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            var value = property.Value;
            var key = ConfigReader.Key(property);
            switch (key)
            {
                case "router_config_name":
                    name = reader.String(value, at);
                    break;
                case "virtual_hosts":
                    var hosts = new List<VirtualHostConfig>();
                    var hostPaths = new List<string>();
                    foreach (var (item, itemPath) in reader.Items(value, at))
                    {
                        if (MapVirtualHost(item, itemPath, reader) is { } host)
                        {
                            hosts.Add(host);
                            hostPaths.Add(itemPath);
                        }
                    }

                    DomainValidator.Validate(hosts, hostPaths, reader);
                    router = router with { VirtualHosts = hosts };
                    break;
                case "router_configs":
                    if (!string.IsNullOrEmpty(reader.String(value, at)))
                    {
                        reader.Error(at, "loading virtual hosts from a directory (router_configs) is not supported yet; list them under \"virtual_hosts\"");
                    }

                    break;
                case "request_headers_to_add":
                    router = router with { RequestHeadersToAdd = HeaderOptionsMapper.MapList(value, at, reader) };
                    break;
                case "request_headers_to_remove":
                    router = router with { RequestHeadersToRemove = reader.StringList(value, at) };
                    break;
                case "response_headers_to_add":
                    router = router with { ResponseHeadersToAdd = HeaderOptionsMapper.MapList(value, at, reader) };
                    break;
                case "response_headers_to_remove":
                    router = router with { ResponseHeadersToRemove = reader.StringList(value, at) };
                    break;
                default:
                    reader.Skip(at, key, ConfigSection.Router);
                    break;
            }
        }

        if (string.IsNullOrEmpty(name))
        {
            reader.Error(JsonPaths.Property(path, "router_config_name"), "a route table needs a non-empty \"router_config_name\"");
        }

        return router with { RouterConfigName = name ?? "" };
    }

    private static VirtualHostConfig? MapVirtualHost(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.RequireObject(element, path))
        {
            return null;
        }

        var host = new VirtualHostConfig();
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            var value = property.Value;
            var key = ConfigReader.Key(property);
            switch (key)
            {
                case "name":
                    host = host with { Name = reader.String(value, at) ?? "" };
                    break;
                case "domains":
                    host = host with { Domains = reader.StringList(value, at) };
                    break;
                case "routers":
                    var routes = reader.List(value, at, (item, itemPath) => RouteMapper.Map(item, itemPath, reader));

                    host = host with { Routers = routes };
                    break;
                case "request_headers_to_add":
                    host = host with { RequestHeadersToAdd = HeaderOptionsMapper.MapList(value, at, reader) };
                    break;
                case "request_headers_to_remove":
                    host = host with { RequestHeadersToRemove = reader.StringList(value, at) };
                    break;
                case "response_headers_to_add":
                    host = host with { ResponseHeadersToAdd = HeaderOptionsMapper.MapList(value, at, reader) };
                    break;
                case "response_headers_to_remove":
                    host = host with { ResponseHeadersToRemove = reader.StringList(value, at) };
                    break;
                default:
                    reader.Skip(at, key, ConfigSection.VirtualHost);
                    break;
            }
        }

        return host;
    }
}
