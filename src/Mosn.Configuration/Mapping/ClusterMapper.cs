using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Configuration.Parsing;

namespace Mosn.Configuration.Mapping;

/// <summary>Maps <c>cluster_manager</c> and its clusters, hosts and circuit breakers.</summary>
internal static class ClusterMapper
{
    /// <summary>The load balancer MOSN falls back to when <c>lb_type</c> is absent (its <c>NewLoadBalancer</c> default).</summary>
    public const string DefaultLbType = "LB_ROUNDROBIN";

    private static readonly string[] SupportedTypes = ["SIMPLE", "STATIC", "STRICT_DNS", OriginalDstMapper.ClusterType];
    private static readonly string[] KnownUnsupportedTypes = ["DYNAMIC", "EDS"];

    /// <summary>Maps <c>cluster_manager</c>; an empty manager when the value is null or invalid.</summary>
    public static ClusterManagerConfig MapManager(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.IsObject(element, path))
        {
            return new ClusterManagerConfig();
        }

        var clusters = new List<ClusterConfig>();
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            var key = ConfigReader.Key(property);
            switch (key)
            {
                case "clusters":
                    clusters.AddRange(reader.List(property.Value, at, (item, itemPath) => MapCluster(item, itemPath, reader)));

                    break;
                case "clusters_configs":
                    if (!string.IsNullOrEmpty(reader.String(property.Value, at)))
                    {
                        reader.Error(at, "loading clusters from a directory (clusters_configs) is not supported yet; list them under \"clusters\"");
                    }

                    break;
                case "tls_context":
                    if (!TlsCheck.ReportIfEnabled(property.Value, at, reader))
                    {
                        reader.Skip(at, key, ConfigSection.ClusterManager);
                    }

                    break;
                default:
                    reader.Skip(at, key, ConfigSection.ClusterManager);
                    break;
            }
        }

        return new ClusterManagerConfig { Clusters = clusters };
    }

    private static ClusterConfig? MapCluster(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.RequireObject(element, path))
        {
            return null;
        }

        var cluster = new ClusterConfig { JsonPath = path, LbType = DefaultLbType };
        var namedHosts = new List<(string Path, string Address)>();
        var paths = new ClusterKeyPaths { Cluster = path };
        string? name = null;
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
                    if (MapType(reader.String(value, at), at, reader) is { } type)
                    {
                        cluster = cluster with { Type = type };
                    }

                    break;
                case "lb_type":
                    paths.LbType = at;
                    var lbType = reader.String(value, at);
                    if (lbType is { Length: 0 })
                    {
                        reader.Error(at, "lb_type must not be empty (e.g. \"LB_RANDOM\", \"LB_ROUNDROBIN\", \"LB_MAGLEV\")");
                    }
                    else if (lbType is not null)
                    {
                        cluster = cluster with { LbType = lbType };
                    }

                    break;
                case "max_request_per_conn":
                    cluster = cluster with { MaxRequestPerConn = reader.Int32(value, at, 0, int.MaxValue) ?? 0 };
                    break;
                case "conn_buffer_limit_bytes":
                    // MOSN's uint32 with 0 meaning "the default".
                    if (reader.Integer(value, at, 0, uint.MaxValue) is { } limit and > 0)
                    {
                        cluster = cluster with { ConnBufferLimitBytes = limit };
                    }

                    break;
                case "connect_timeout":
                    if (reader.Duration(value, at) is { } connectTimeout)
                    {
                        cluster = cluster with { ConnectTimeout = connectTimeout };
                    }

                    break;
                case "idle_timeout":
                    if (reader.Duration(value, at) is { } idleTimeout)
                    {
                        cluster = cluster with { IdleTimeout = idleTimeout };
                    }

                    break;
                case "circuit_breakers":
                    cluster = cluster with { CircuitBreakers = MapCircuitBreakers(value, at, reader) };
                    break;
                case "hosts":
                    paths.Hosts = at;
                    var hosts = reader.List(value, at, (item, itemPath) => MapHost(item, itemPath, reader, namedHosts));

                    cluster = cluster with { Hosts = hosts };
                    break;
                case "health_check":
                    paths.HealthCheck = at;
                    cluster = cluster with { HealthCheck = HealthCheckMapper.Map(value, at, reader) };
                    break;
                case "outlier_detection":
                    paths.OutlierDetection = at;
                    cluster = cluster with { OutlierDetection = OutlierDetectionMapper.Map(value, at, reader) };
                    break;
                case "dns_refresh_rate":
                    if (reader.Duration(value, at, TimeSpan.FromMilliseconds(100), "dns_refresh_rate must be at least 100ms") is { } refresh)
                    {
                        cluster = cluster with { DnsRefreshRate = refresh };
                    }

                    break;
                case "original_dst_lb_config":
                    paths.OriginalDstLbConfig = at;
                    cluster = cluster with { OriginalDstLb = OriginalDstMapper.Map(value, at, reader, cluster.OriginalDstLb) };
                    break;
                case "cleanup_interval":
                    // Envoy's key, on the cluster: how long a dynamic host may go unused before it is removed.
                    paths.CleanupInterval = at;
                    if (reader.Duration(value, at, TimeSpan.FromMilliseconds(1), "cleanup_interval must be positive") is { } cleanup)
                    {
                        cluster = cluster with { OriginalDstLb = cluster.OriginalDstLb with { CleanupInterval = cleanup } };
                    }

                    break;
                case "min_connections":
                    // Preconnect (Mosn.NET's key): at most 1024 warm connections per host and protocol.
                    cluster = cluster with { MinConnections = reader.Int32(value, at, 0, 1024) ?? 0 };
                    break;
                case "lbconfig":
                    paths.LbConfig = at;
                    cluster = cluster with { LbConfig = LbConfigMapper.Map(value, at, reader) };
                    break;
                case "slow_start":
                    paths.SlowStart = at;
                    cluster = cluster with { SlowStart = SlowStartMapper.Map(value, at, reader) };
                    break;
                case "lb_subset_config":
                    paths.LbSubsetConfig = at;
                    cluster = cluster with { LbSubset = LbSubsetMapper.Map(value, at, reader) };
                    break;
                case "tls_context":
                    if (!TlsCheck.ReportIfEnabled(value, at, reader))
                    {
                        reader.Skip(at, key, ConfigSection.Cluster);
                    }

                    break;
                default:
                    reader.Skip(at, key, ConfigSection.Cluster);
                    break;
            }
        }

        if (string.IsNullOrEmpty(name))
        {
            reader.Error(JsonPaths.Property(path, "name"), "a cluster needs a non-empty \"name\"");
        }

        cluster = OriginalDstMapper.Settle(cluster, paths, reader);
        LbConfigMapper.CheckUsed(cluster, paths, reader);
        SlowStartMapper.CheckUsed(cluster, paths, reader);

        // Host names ("name:port") are resolved by STRICT_DNS clusters only (an ORIGINAL_DST cluster ignores its hosts).
        if (cluster.Type is not ("STRICT_DNS" or OriginalDstMapper.ClusterType))
        {
            foreach (var (hostPath, hostAddress) in namedHosts)
            {
                reader.Error(hostPath, $"invalid address \"{hostAddress}\": a host name needs the cluster \"type\": \"STRICT_DNS\" (or give an IP address)");
            }
        }

        return cluster with { Name = name ?? "" };
    }

    private static string? MapType(string? type, string path, ConfigReader reader)
    {
        if (type is null)
        {
            return null;
        }

        var upper = type.ToUpperInvariant();
        if (SupportedTypes.Contains(upper))
        {
            return upper;
        }

        reader.Error(path, KnownUnsupportedTypes.Contains(upper)
            ? $"cluster type \"{type}\" is not supported yet (supported: {SupportedList})"
            : $"unknown cluster type \"{type}\" (supported: {SupportedList})");
        return null;
    }

    private static string SupportedList => string.Join(", ", SupportedTypes);

    private static HostConfig? MapHost(JsonElement element, string path, ConfigReader reader, List<(string Path, string Address)> namedHosts)
    {
        if (!reader.RequireObject(element, path))
        {
            return null;
        }

        var host = new HostConfig();
        string? address = null;
        var addressPath = JsonPaths.Property(path, "address");
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            var value = property.Value;
            switch (ConfigReader.Key(property))
            {
                case "address":
                    addressPath = at;
                    address = reader.String(value, at);
                    break;
                case "hostname":
                    host = host with { Hostname = reader.String(value, at) };
                    break;
                case "weight":
                    // MOSN clamps weights into 1..128; a weight outside is almost surely a mistake, so it is an error here.
                    if (reader.Int32(value, at, 1, 128) is { } weight)
                    {
                        host = host with { Weight = weight };
                    }

                    break;
                case "metadata":
                    host = host with { Metadata = reader.Metadata(value, at) ?? new Dictionary<string, string>() };
                    break;
                default:
                    reader.Skip(at, ConfigReader.Key(property), ConfigSection.Host);
                    break;
            }
        }

        if (string.IsNullOrEmpty(address))
        {
            reader.Error(addressPath, "a host needs an \"address\" (\"ip:port\" or \"unix:/path\")");
            return null;
        }

        if (!ConfigAddress.TryParseHostAddress(address, out var endPoint, out var problem))
        {
            reader.Error(addressPath, $"invalid address \"{address}\": {problem}");
        }
        else if (endPoint is System.Net.DnsEndPoint)
        {
            namedHosts.Add((addressPath, address)); // valid for STRICT_DNS; judged once the cluster's type is known
        }

        return host with { Address = address };
    }

    private static CircuitBreakersConfig MapCircuitBreakers(JsonElement value, string path, ConfigReader reader)
    {
        // MOSN reads circuit_breakers as a JSON array of thresholds; Envoy's {"thresholds": [...]} is accepted too.
        var thresholds = value;
        var thresholdsPath = path;
        if (value.ValueKind == JsonValueKind.Object)
        {
            thresholds = default;
            foreach (var property in value.EnumerateObject())
            {
                var at = JsonPaths.Property(path, property.Name);
                if (ConfigReader.Key(property) == "thresholds")
                {
                    thresholds = property.Value;
                    thresholdsPath = at;
                }
                else
                {
                    reader.Skip(at, ConfigReader.Key(property), ConfigSection.CircuitBreakers);
                }
            }
        }

        var result = new CircuitBreakersConfig();
        var index = 0;
        foreach (var (item, itemPath) in reader.Items(thresholds, thresholdsPath))
        {
            if (index++ > 0)
            {
                reader.Warning(itemPath, "ignored: only the first circuit breaker thresholds entry is used");
                continue;
            }

            if (reader.RequireObject(item, itemPath))
            {
                result = MapThresholds(item, itemPath, reader);
            }
        }

        return result;
    }

    private static CircuitBreakersConfig MapThresholds(JsonElement element, string path, ConfigReader reader)
    {
        var result = new CircuitBreakersConfig();
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            var value = property.Value;
            switch (ConfigReader.Key(property))
            {
                case "max_connections":
                    result = result with { MaxConnections = reader.Int32(value, at, 0, int.MaxValue) ?? 0 };
                    break;
                case "max_pending_requests":
                    result = result with { MaxPendingRequests = reader.Int32(value, at, 0, int.MaxValue) ?? 0 };
                    break;
                case "max_requests":
                    result = result with { MaxRequests = reader.Int32(value, at, 0, int.MaxValue) ?? 0 };
                    break;
                case "max_retries":
                    result = result with { MaxRetries = reader.Int32(value, at, 0, int.MaxValue) ?? 0 };
                    break;
                case "retry_budget":
                    if (reader.IsObject(value, at))
                    {
                        // Envoy: budget_percent defaults to 20 when the budget is present.
                        result = result with { RetryBudgetPercent = 20 };
                        foreach (var budget in value.EnumerateObject())
                        {
                            var budgetAt = JsonPaths.Property(at, budget.Name);
                            switch (ConfigReader.Key(budget))
                            {
                                case "budget_percent":
                                    var percent = budget.Value.ValueKind == JsonValueKind.Object && budget.Value.TryGetProperty("value", out var wrapped) ? wrapped : budget.Value;
                                    if (percent.ValueKind == JsonValueKind.Number && percent.TryGetDouble(out var p) && p is >= 0 and <= 100)
                                    {
                                        result = result with { RetryBudgetPercent = p };
                                    }
                                    else
                                    {
                                        reader.Error(budgetAt, "budget_percent must be a number from 0 to 100");
                                    }

                                    break;
                                case "min_retry_concurrency":
                                    result = result with { RetryBudgetMinConcurrency = reader.Int32(budget.Value, budgetAt, 0, int.MaxValue) ?? 3 };
                                    break;
                                default:
                                    reader.Warning(budgetAt, $"unknown key \"{budget.Name}\" ignored");
                                    break;
                            }
                        }
                    }

                    break;
                default:
                    reader.Skip(at, ConfigReader.Key(property), ConfigSection.CircuitBreakers);
                    break;
            }
        }

        return result;
    }
}
