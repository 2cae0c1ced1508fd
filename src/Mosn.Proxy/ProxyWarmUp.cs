using Mosn.Abstractions.Config;
using Mosn.Abstractions.Network;

namespace Mosn.Proxy;

/// <summary>
/// What a listener's <c>proxy</c> filter will ask of the cluster manager, known at start: the clusters its route table
/// can send requests to, each with the upstream protocol those requests will use. The host warms these pools up at
/// start and after a reload, so that clusters with <c>min_connections</c> are connected before the first request.
/// </summary>
public static class ProxyWarmUp
{
    /// <summary>
    /// The (cluster, protocol) pairs of <paramref name="factory"/>'s routes, without duplicates: every route's
    /// <c>cluster_name</c> and each of its <c>weighted_clusters</c> (a <c>cluster_header</c> route names no cluster before a
    /// request, and direct responses and redirects none at all), with the upstream protocol from
    /// <see cref="ProxyConfig.KnownUpstreamProtocol"/>, under its registered name. A route whose protocol is not known
    /// before a connection (downstream <c>Auto</c> and no upstream protocol) or not registered is left out.
    /// </summary>
    /// <param name="factory">A filter chain factory of a listener; any other than the proxy filter's yields nothing.</param>
    /// <param name="routers">The route tables of the configuration (<c>servers[].routers</c>).</param>
    /// <returns>The pairs; empty when there is nothing to warm. Pure; thread-safe.</returns>
    public static IReadOnlyList<(string Cluster, string Protocol)> Targets(IFilterChainFactory factory, IEnumerable<RouterConfig> routers)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(routers);
        if (factory is not ProxyFilterChainFactory proxy)
        {
            return [];
        }

        var table = routers.FirstOrDefault(r => string.Equals(r.RouterConfigName, proxy.Config.RouterConfigName, StringComparison.Ordinal));
        if (table is null)
        {
            return [];
        }

        var targets = new List<(string Cluster, string Protocol)>();
        foreach (var virtualHost in table.VirtualHosts)
        {
            foreach (var route in virtualHost.Routers)
            {
                if (route.Route is not { } action
                    || proxy.Config.KnownUpstreamProtocol(action.UpstreamProtocol) is not { } name
                    || !proxy.Context.Protocols.TryGet(name, out var protocol))
                {
                    continue;
                }

                if (!string.IsNullOrEmpty(action.ClusterName))
                {
                    Add(targets, action.ClusterName, protocol.Name);
                }

                foreach (var weighted in action.WeightedClusters)
                {
                    Add(targets, weighted.Name, protocol.Name);
                }
            }
        }

        return targets;
    }

    private static void Add(List<(string Cluster, string Protocol)> targets, string cluster, string protocol)
    {
        if (cluster.Length > 0 && !targets.Contains((cluster, protocol)))
        {
            targets.Add((cluster, protocol));
        }
    }
}
