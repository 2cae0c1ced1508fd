using System.Net;
using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Configuration.Parsing;

namespace Mosn.Configuration.Mapping;

/// <summary>Maps <c>admin</c>: <c>{"address": {"socket_address": {"address": "127.0.0.1", "port_value": 34901}}}</c>.</summary>
internal static class AdminMapper
{
    /// <summary>Maps the admin section; null when it is null or invalid. Missing parts keep the <see cref="AdminConfig"/> defaults.</summary>
    public static AdminConfig? Map(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.IsObject(element, path))
        {
            return null;
        }

        var admin = new AdminConfig();
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            if (ConfigReader.Key(property) != "address")
            {
                reader.Skip(at, ConfigReader.Key(property), ConfigSection.Admin);
                continue;
            }

            if (!reader.IsObject(property.Value, at))
            {
                continue;
            }

            foreach (var inner in property.Value.EnumerateObject())
            {
                var innerAt = JsonPaths.Property(at, inner.Name);
                if (ConfigReader.Key(inner) != "socket_address")
                {
                    reader.Skip(innerAt, ConfigReader.Key(inner), ConfigSection.Admin);
                    continue;
                }

                admin = MapSocketAddress(inner.Value, innerAt, reader, admin);
            }
        }

        return admin;
    }

    private static AdminConfig MapSocketAddress(JsonElement element, string path, ConfigReader reader, AdminConfig admin)
    {
        if (!reader.IsObject(element, path))
        {
            return admin;
        }

        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            switch (ConfigReader.Key(property))
            {
                case "address":
                    var address = reader.String(property.Value, at);
                    if (string.IsNullOrEmpty(address))
                    {
                        break;
                    }

                    if (!IPAddress.TryParse(address, out _))
                    {
                        reader.Error(at, $"expected an IP address for the admin API, got \"{address}\"");
                        break;
                    }

                    admin = admin with { Address = address };
                    break;
                case "port_value":
                    if (reader.Int32(property.Value, at, 0, 65535) is { } port)
                    {
                        admin = admin with { Port = port };
                    }

                    break;
                default:
                    reader.Skip(at, ConfigReader.Key(property), ConfigSection.Admin);
                    break;
            }
        }

        return admin;
    }
}
