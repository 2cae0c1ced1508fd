using System.Net;

namespace Mosn.Filters.TcpProxy;

/// <summary>The validated <c>tcp_proxy</c> config (MOSN's <c>StreamProxy</c>). Immutable; thread-safe.</summary>
internal sealed record TcpProxyConfig
{
    /// <summary>Prefix of this filter's stats and log lines (<c>stat_prefix</c>).</summary>
    public string StatPrefix { get; init; } = "tcp_proxy";

    /// <summary>The cluster for every connection (<c>cluster</c>); when set it wins over <see cref="Routes"/>, as in MOSN.</summary>
    public string? Cluster { get; init; }

    /// <summary>Close both sides after this long without traffic (<c>idle_timeout</c>); null keeps the listener's; zero disables.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>Upstream connect attempts before the downstream is closed (<c>max_connect_attempts</c>, at least 1).</summary>
    public int MaxConnectAttempts { get; init; } = 1;

    /// <summary>Per-connection cluster selection by addresses (<c>routes</c>), tried in order.</summary>
    public IReadOnlyList<TcpProxyRoute> Routes { get; init; } = [];

    /// <summary>The cluster for a connection, or null when no route matches.</summary>
    public string? SelectCluster(EndPoint? remote, EndPoint? local)
    {
        if (!string.IsNullOrEmpty(Cluster))
        {
            return Cluster;
        }

        foreach (var route in Routes)
        {
            if (route.Matches(remote, local))
            {
                return route.Cluster;
            }
        }

        return null;
    }
}
