namespace Mosn.Filters.TcpProxy;

/// <summary>A <c>tcp_proxy</c> filter factory's counters, for the admin API's metrics.</summary>
public interface ITcpProxyStatsProvider
{
    /// <summary>The counters of the configured filter (shared by all its connections; thread-safe reads).</summary>
    TcpProxyStats Stats { get; }
}
