using System.Text.Json;
using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Extensions;
using Mosn.Abstractions.Network;
using Mosn.Filters.Parsing;

namespace Mosn.Filters.TcpProxy;

/// <summary>
/// The <c>tcp_proxy</c> network filter (MOSN's <c>pkg/filter/network/streamproxy</c>): proxies the raw bytes of each
/// downstream connection to one upstream connection to a host of a cluster, both ways, with backpressure.
/// </summary>
/// <remarks>
/// <para>Config keys (MOSN's <c>StreamProxy</c>):</para>
/// <list type="bullet">
/// <item><c>cluster</c>: the cluster for every connection; wins over <c>routes</c> when both are set (as in MOSN).</item>
/// <item><c>routes</c>: <c>[{cluster, source_addrs, destination_addrs, source_port, destination_port}]</c>, tried in order
/// against the peer (source) and local (destination) address of the connection. Addresses are CIDRs written as
/// <c>{"address": "10.0.0.0", "length": 8}</c> (MOSN) or <c>"10.0.0.0/8"</c>; ports are <c>"80,443,8000-9000"</c>. Go
/// field spellings (<c>SourceAddrs</c>, <c>DestinationPort</c>) are accepted too. An empty criterion matches anything.
/// A connection that matches no route is closed.</item>
/// <item><c>idle_timeout</c>: Go duration (or integer nanoseconds); closes both sides after that long without traffic.
/// Absent: the downstream keeps the listener's idle timeout and the upstream gets the same. <c>"0s"</c> disables it.</item>
/// <item><c>max_connect_attempts</c>: upstream connect attempts (each to a host not tried before when the cluster has
/// another) before the downstream is closed; 0 or absent means 1.</item>
/// <item><c>stat_prefix</c>: names the filter's <see cref="TcpProxyStats"/> and log lines.</item>
/// </list>
/// <para>Every cluster named must exist in the cluster manager when the config is loaded. Thread-safe (stateless).</para>
/// </remarks>
public sealed class TcpProxyFilterFactory : INetworkFilterFactory
{
    /// <summary>The type name in config.</summary>
    public const string TypeName = "tcp_proxy";

    /// <inheritdoc />
    public string Name => TypeName;

    /// <inheritdoc />
    public IFilterChainFactory? CreateFactory(JsonElement config, string path, ConfigDiagnostics diagnostics, IFilterFactoryContext context)
    {
        var errorsBefore = diagnostics.Errors.Count;
        var reader = ConfigObjectReader.Open(config, path, diagnostics);
        if (reader is null)
        {
            return null;
        }

        var statPrefix = reader.GetString("stat_prefix");
        var cluster = reader.GetString("cluster");
        var idleTimeout = reader.GetDuration("idle_timeout");
        var attempts = reader.GetInteger("max_connect_attempts", 0, uint.MaxValue) ?? 1;
        var hasRoutes = reader.TryGet("routes", out _);
        var routes = ParseRoutes(reader, context);
        reader.WarnUnknownKeys();

        if (string.IsNullOrEmpty(cluster))
        {
            if (reader.TryGet("cluster", out var given) && given.ValueKind != JsonValueKind.String)
            {
                // Already reported as the wrong type; "required" would only repeat it.
            }
            else if (!hasRoutes)
            {
                diagnostics.AddError(reader.PathOf("cluster"), "required: set 'cluster' or 'routes'");
            }
            else if (routes.Count == 0 && diagnostics.Errors.Count == errorsBefore)
            {
                diagnostics.AddError(reader.PathOf("routes"), "must contain at least one route when 'cluster' is not set");
            }
        }
        else
        {
            CheckClusterExists(cluster, reader.PathOf("cluster"), diagnostics, context);
            if (routes.Count > 0)
            {
                diagnostics.AddWarning(reader.PathOf("routes"), "ignored: 'cluster' is set and takes precedence (as in MOSN)");
            }
        }

        if (diagnostics.Errors.Count > errorsBefore)
        {
            return null;
        }

        var parsed = new TcpProxyConfig
        {
            StatPrefix = string.IsNullOrEmpty(statPrefix) ? TypeName : statPrefix,
            Cluster = string.IsNullOrEmpty(cluster) ? null : cluster,
            IdleTimeout = idleTimeout,
            MaxConnectAttempts = (int)Math.Clamp(attempts, 1, int.MaxValue),
            Routes = routes,
        };
        return new TcpProxyFilterChainFactory(parsed, context.ClusterManager, context.ConnectionFactory, context.LoggerFactory.CreateLogger<TcpProxyFilterFactory>());
    }

    private static List<TcpProxyRoute> ParseRoutes(ConfigObjectReader reader, IFilterFactoryContext context)
    {
        var routes = new List<TcpProxyRoute>();
        foreach (var (item, itemPath) in reader.GetArray("routes"))
        {
            var route = ConfigObjectReader.Open(item, itemPath, reader.Diagnostics);
            if (route is null)
            {
                continue;
            }

            var cluster = route.GetString("cluster");
            if (string.IsNullOrEmpty(cluster))
            {
                reader.Diagnostics.AddError(route.PathOf("cluster"), "required");
            }
            else
            {
                CheckClusterExists(cluster, route.PathOf("cluster"), reader.Diagnostics, context);
            }

            var sourceAddrs = ParseCidrs(route, "source_addrs");
            var destinationAddrs = ParseCidrs(route, "destination_addrs");
            var sourcePorts = ParsePorts(route, "source_port");
            var destinationPorts = ParsePorts(route, "destination_port");
            route.WarnUnknownKeys();
            if (!string.IsNullOrEmpty(cluster))
            {
                routes.Add(new TcpProxyRoute(cluster, sourceAddrs, sourcePorts, destinationAddrs, destinationPorts));
            }
        }

        return routes;
    }

    private static List<CidrRange> ParseCidrs(ConfigObjectReader route, string key)
    {
        var ranges = new List<CidrRange>();
        foreach (var (item, itemPath) in route.GetArray(key))
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                if (CidrRange.TryParse(item.GetString()!, out var parsed))
                {
                    ranges.Add(parsed);
                }
                else
                {
                    route.Diagnostics.AddError(itemPath, $"not a CIDR range: \"{item.GetString()}\" (expected e.g. \"10.0.0.0/8\")");
                }

                continue;
            }

            var cidr = ConfigObjectReader.Open(item, itemPath, route.Diagnostics);
            if (cidr is null)
            {
                continue;
            }

            var address = cidr.GetString("address");
            var length = cidr.GetInteger("length", 0, 128);
            cidr.WarnUnknownKeys();
            if (address is null)
            {
                route.Diagnostics.AddError(cidr.PathOf("address"), "required");
            }
            else if (length is null)
            {
                if (!cidr.TryGet("length", out _))
                {
                    // MOSN would read a missing length as 0, which matches every address: too easy to get wrong silently.
                    route.Diagnostics.AddError(cidr.PathOf("length"), "required (the prefix length in bits)");
                }
            }
            else if (CidrRange.TryCreate(address, (int)length.Value, out var parsed))
            {
                ranges.Add(parsed);
            }
            else
            {
                route.Diagnostics.AddError(itemPath, $"not a valid CIDR range: {address}/{length}");
            }
        }

        return ranges;
    }

    private static PortRange[] ParsePorts(ConfigObjectReader route, string key)
    {
        var text = route.GetString(key);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        if (!PortRange.TryParseList(text, out var ranges, out var bad))
        {
            route.Diagnostics.AddError(route.PathOf(key), $"invalid port or port range \"{bad}\" (expected e.g. \"80,443,8000-9000\")");
        }

        return ranges;
    }

    private static void CheckClusterExists(string cluster, string path, ConfigDiagnostics diagnostics, IFilterFactoryContext context)
    {
        if (context.ClusterManager.GetClusterSnapshot(cluster) is null)
        {
            diagnostics.AddError(path, $"unknown cluster '{cluster}'");
        }
    }
}
