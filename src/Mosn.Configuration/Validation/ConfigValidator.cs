using Mosn.Abstractions.Config;
using Mosn.Configuration.Parsing;

namespace Mosn.Configuration.Validation;

/// <summary>
/// Checks that span several objects of a mapped configuration: listener, route table and cluster names are unique
/// across the whole file, and routes that name a cluster missing from <c>cluster_manager</c> get a warning (clusters
/// may be added later, e.g. by a control plane). Checks of a single value are done while mapping.
/// </summary>
internal static class ConfigValidator
{
    /// <summary>Records every cross-object problem of <paramref name="config"/>.</summary>
    public static void Validate(MosnConfig config, ConfigReader reader)
    {
        CheckUnique(config.Servers.SelectMany(s => s.Listeners).Select(l => (l.Name, l.JsonPath)), "listener", "name", reader);
        CheckUnique(config.Servers.SelectMany(s => s.Routers).Select(r => (r.RouterConfigName, r.JsonPath)), "route table", "router_config_name", reader);
        CheckUnique(config.ClusterManager.Clusters.Select(c => (c.Name, c.JsonPath)), "cluster", "name", reader);
        CheckClusterReferences(config, reader);
    }

    private static void CheckUnique(IEnumerable<(string Name, string Path)> items, string what, string key, ConfigReader reader)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, path) in items)
        {
            // Empty names were reported while mapping.
            if (name.Length == 0)
            {
                continue;
            }

            if (!seen.TryAdd(name, path))
            {
                reader.Error(JsonPaths.Property(path, key), $"duplicate {what} name \"{name}\"; first defined at {seen[name]}");
            }
        }
    }

    private static void CheckClusterReferences(MosnConfig config, ConfigReader reader)
    {
        var clusters = config.ClusterManager.Clusters.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var routes = config.Servers
            .SelectMany(s => s.Routers)
            .SelectMany(r => r.VirtualHosts)
            .SelectMany(v => v.Routers)
            .Where(r => r.Route is not null);
        foreach (var route in routes)
        {
            var action = route.Route!;
            var actionPath = JsonPaths.Property(route.JsonPath, "route");
            if (action.ClusterName is { } name && !clusters.Contains(name))
            {
                reader.Warning(JsonPaths.Property(actionPath, "cluster_name"), MissingCluster(name));
            }

            for (var i = 0; i < action.WeightedClusters.Count; i++)
            {
                var weighted = action.WeightedClusters[i].Name;
                if (weighted.Length > 0 && !clusters.Contains(weighted))
                {
                    var path = JsonPaths.Property(JsonPaths.Property(JsonPaths.Index(JsonPaths.Property(actionPath, "weighted_clusters"), i), "cluster"), "name");
                    reader.Warning(path, MissingCluster(weighted));
                }
            }
        }
    }

    private static string MissingCluster(string name) =>
        $"cluster \"{name}\" is not defined in cluster_manager; requests on this route fail until it is added";
}
