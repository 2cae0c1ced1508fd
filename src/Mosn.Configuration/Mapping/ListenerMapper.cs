using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Configuration.Parsing;

namespace Mosn.Configuration.Mapping;

/// <summary>Maps one listener (<c>servers[].listeners[]</c>) with its filter chains, stream filters and access logs.</summary>
internal static class ListenerMapper
{
    /// <summary>The network filter type of MOSN's deprecated inline route table.</summary>
    public const string ConnectionManagerFilter = "connection_manager";

    /// <summary>The <c>use_original_dst</c> mode of iptables REDIRECT (<c>SO_ORIGINAL_DST</c>).</summary>
    public const string OriginalDstRedirect = "redirect";

    /// <summary>The <c>use_original_dst</c> mode of TPROXY (the accepted socket's local address).</summary>
    public const string OriginalDstTProxy = "tproxy";

    /// <summary>The network filter type of the L7 proxy, which writes the listener's access logs.</summary>
    private const string ProxyFilter = "proxy";

    /// <summary>
    /// Maps the listener at <paramref name="path"/>. The route tables of legacy <c>connection_manager</c> filters are
    /// moved to <paramref name="legacyRouters"/> (MOSN registers them with the router manager) and the filter is dropped.
    /// </summary>
    public static ListenerConfig? Map(JsonElement element, string path, ConfigReader reader, List<RouterConfig> legacyRouters)
    {
        if (!reader.RequireObject(element, path))
        {
            return null;
        }

        var listener = new ListenerConfig { JsonPath = path };
        string? name = null;
        string? address = null;
        var addressPath = JsonPaths.Property(path, "address");
        var network = "tcp";
        var networkPath = JsonPaths.Property(path, "network");
        bool? bindPort = null;
        var chainsPath = JsonPaths.Property(path, "filter_chains");
        string? useOriginalDstPath = null;
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            var value = property.Value;
            var key = ConfigReader.Key(property);
            switch (key)
            {
                case "name":
                    name = reader.String(value, at);
                    break;
                case "type":
                    listener = listener with { Type = reader.String(value, at) };
                    break;
                case "address":
                    addressPath = at;
                    address = reader.String(value, at);
                    break;
                case "network":
                    networkPath = at;
                    network = (reader.String(value, at) is { Length: > 0 } text ? text : "tcp").ToLowerInvariant();
                    break;
                case "bind_port":
                    bindPort = reader.Bool(value, at);
                    break;
                case "access_logs":
                    listener = listener with { AccessLogs = MapAccessLogs(value, at, reader) };
                    break;
                case "use_original_dst":
                    useOriginalDstPath = at;
                    listener = listener with { UseOriginalDst = MapUseOriginalDst(value, at, reader) };
                    break;
                case "listener_filters":
                    listener = listener with { ListenerFilters = FilterMapper.MapList(value, at, reader) };
                    break;
                case "filter_chains":
                    chainsPath = at;
                    var chains = reader.List(value, at, (item, itemPath) => MapFilterChain(item, itemPath, reader, legacyRouters));

                    listener = listener with { FilterChains = chains };
                    break;
                case "stream_filters":
                    listener = listener with { StreamFilters = FilterMapper.MapList(value, at, reader) };
                    break;
                case "connection_idle_timeout":
                    listener = listener with { ConnectionIdleTimeout = reader.Duration(value, at) };
                    break;
                case "per_connection_buffer_limit_bytes":
                    if (reader.Integer(value, at, 1, int.MaxValue) is { } limit)
                    {
                        listener = listener with { PerConnectionBufferLimitBytes = limit };
                    }

                    break;
                default:
                    reader.Skip(at, key, ConfigSection.Listener);
                    break;
            }
        }

        if (string.IsNullOrEmpty(name))
        {
            reader.Error(JsonPaths.Property(path, "name"), "a listener needs a non-empty \"name\"");
        }

        CheckAddress(address, addressPath, network, networkPath, reader);
        if (network == "unix" && listener.UseOriginalDst is not null && useOriginalDstPath is not null)
        {
            reader.Error(useOriginalDstPath, "use_original_dst needs a TCP listener (network \"tcp\")");
        }

        CheckFilterChains(listener.FilterChains, chainsPath, reader);
        CheckAccessLogs(listener, path, reader);
        if (bindPort is null)
        {
            // MOSN's bind_port is a plain Go bool: absent means false, and such a listener never accepts.
            reader.Warning(JsonPaths.Property(path, "bind_port"), "absent: as in MOSN the listener does not bind its port (set \"bind_port\": true to accept connections)");
        }

        return listener with { Name = name ?? "", Address = address ?? "", Network = network, BindPort = bindPort ?? false };
    }

    /// <summary>
    /// <c>use_original_dst</c>: MOSN's bool (true: REDIRECT, the default type of its <c>original_dst</c> filter) or the
    /// mode itself, <c>"redirect"</c> or <c>"tproxy"</c>. Null: off.
    /// </summary>
    private static string? MapUseOriginalDst(JsonElement value, string path, ConfigReader reader)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return OriginalDstRedirect;
            case JsonValueKind.False:
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                var text = value.GetString()!.ToLowerInvariant();
                if (text is OriginalDstRedirect or OriginalDstTProxy)
                {
                    return text;
                }

                if (text.Length == 0)
                {
                    return null;
                }

                break;
        }

        reader.Error(path, $"use_original_dst must be true, false, \"redirect\" or \"tproxy\" (got {ConfigReader.Describe(value)})");
        return null;
    }

    private static void CheckAddress(string? address, string addressPath, string network, string networkPath, ConfigReader reader)
    {
        if (network == "udp")
        {
            reader.Error(networkPath, "network \"udp\" is not supported yet");
            return;
        }

        if (network is not ("tcp" or "unix"))
        {
            reader.Error(networkPath, $"unknown network \"{network}\": expected \"tcp\" or \"unix\"");
            return;
        }

        if (string.IsNullOrEmpty(address))
        {
            reader.Error(addressPath, "a listener needs an \"address\" (\"ip:port\", or a socket path for network \"unix\")");
            return;
        }

        if (!ConfigAddress.TryParseListenerAddress(address, network, out _, out var problem))
        {
            reader.Error(addressPath, $"invalid address \"{address}\": {problem}");
        }
    }

    private static void CheckFilterChains(IReadOnlyList<FilterChainConfig> chains, string chainsPath, ConfigReader reader)
    {
        if (chains.Count == 0)
        {
            reader.Error(chainsPath, "a listener needs a filter chain with at least one filter");
        }
        else if (chains.Count > 1)
        {
            reader.Warning(JsonPaths.Index(chainsPath, 1), "ignored: as in MOSN only the first filter chain is used");
        }
    }

    private static void CheckAccessLogs(ListenerConfig listener, string path, ConfigReader reader)
    {
        for (var i = 0; i < listener.AccessLogs.Count; i++)
        {
            if (string.IsNullOrEmpty(listener.AccessLogs[i].LogPath))
            {
                reader.Error(JsonPaths.Property(JsonPaths.Index(JsonPaths.Property(path, "access_logs"), i), "log_path"), "an access log needs a \"log_path\": a file path, \"stdout\" or \"stderr\"");
            }
        }

        // Access logs are written by the proxy filter at the end of each request; formats are checked when it is built.
        if (listener.AccessLogs.Count > 0 && !(listener.FilterChains.Count > 0 && listener.FilterChains[0].Filters.Any(f => f.Type == ProxyFilter)))
        {
            reader.Warning(JsonPaths.Property(path, "access_logs"), "ignored: access logs are written by the \"proxy\" filter, and this listener has none");
        }
    }

    private static FilterChainConfig? MapFilterChain(JsonElement element, string path, ConfigReader reader, List<RouterConfig> legacyRouters)
    {
        if (!reader.RequireObject(element, path))
        {
            return null;
        }

        var chain = new FilterChainConfig();
        var filtersPath = JsonPaths.Property(path, "filters");
        var filters = new List<FilterConfig>();
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            var value = property.Value;
            var key = ConfigReader.Key(property);
            switch (key)
            {
                case "match":
                    chain = chain with { Match = reader.String(value, at) };
                    break;
                case "tls_context":
                    TlsCheck.ReportIfEnabled(value, at, reader);
                    chain = chain with { TlsContext = ConfigReader.Raw(value) };
                    break;
                case "tls_context_set":
                    var anyEnabled = false;
                    foreach (var (item, itemPath) in reader.Items(value, at))
                    {
                        anyEnabled |= TlsCheck.ReportIfEnabled(item, itemPath, reader);
                    }

                    if (!anyEnabled && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0)
                    {
                        reader.Skip(at, key, ConfigSection.FilterChain);
                    }

                    break;
                case "filters":
                    filtersPath = at;
                    foreach (var (item, itemPath) in reader.Items(value, at))
                    {
                        if (FilterMapper.Map(item, itemPath, reader) is not { } filter)
                        {
                            continue;
                        }

                        if (filter.Type == ConnectionManagerFilter)
                        {
                            AddLegacyRouter(filter, reader, legacyRouters);
                            continue;
                        }

                        filters.Add(filter);
                    }

                    break;
                default:
                    reader.Skip(at, key, ConfigSection.FilterChain);
                    break;
            }
        }

        if (filters.Count == 0)
        {
            reader.Error(filtersPath, "a filter chain needs at least one network filter");
        }

        return chain with { Filters = filters };
    }

    private static void AddLegacyRouter(FilterConfig filter, ConfigReader reader, List<RouterConfig> legacyRouters)
    {
        var configPath = JsonPaths.Property(filter.JsonPath, "config");
        if (RouterMapper.Map(filter.Config, configPath, reader) is { } router)
        {
            legacyRouters.Add(router);
            reader.Warning(filter.JsonPath, $"deprecated \"connection_manager\" filter: its route table \"{router.RouterConfigName}\" was added to the server's routers");
        }
    }

    private static IReadOnlyList<AccessLogConfig> MapAccessLogs(JsonElement value, string path, ConfigReader reader) =>
        reader.List(value, path, (item, itemPath) => MapAccessLog(item, itemPath, reader));

    private static AccessLogConfig? MapAccessLog(JsonElement item, string path, ConfigReader reader)
    {
        if (!reader.RequireObject(item, path))
        {
            return null;
        }

        var log = new AccessLogConfig();
        foreach (var property in item.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            switch (ConfigReader.Key(property))
            {
                case "log_path":
                    log = log with { LogPath = reader.String(property.Value, at) };
                    break;
                case "log_format":
                    log = log with { LogFormat = reader.String(property.Value, at) };
                    break;
                default:
                    reader.Skip(at, ConfigReader.Key(property), ConfigSection.AccessLog);
                    break;
            }
        }

        return log;
    }
}
