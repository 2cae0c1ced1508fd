using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Upstream;

namespace Mosn.Filters.TcpProxy;

/// <summary>
/// The per-connection half of one configured <c>tcp_proxy</c>: installs a <see cref="TcpProxySession"/> on each
/// connection. Immutable and thread-safe; shared by all connections of the filter chain.
/// </summary>
internal sealed class TcpProxyFilterChainFactory : IFilterChainFactory, ITcpProxyStatsProvider
{
    public TcpProxyFilterChainFactory(TcpProxyConfig config, IClusterManager clusterManager, IConnectionFactory connectionFactory, ILogger logger)
    {
        Config = config;
        ClusterManager = clusterManager;
        ConnectionFactory = connectionFactory;
        Logger = logger;
        Stats = new TcpProxyStats(config.StatPrefix);
    }

    /// <summary>The validated config.</summary>
    public TcpProxyConfig Config { get; }

    /// <summary>Where cluster snapshots come from (read once per connection).</summary>
    public IClusterManager ClusterManager { get; }

    /// <summary>Opens upstream connections.</summary>
    public IConnectionFactory ConnectionFactory { get; }

    /// <summary>The filter's logger.</summary>
    public ILogger Logger { get; }

    /// <summary>Counters shared by all connections of this filter.</summary>
    public TcpProxyStats Stats { get; }

    /// <inheritdoc />
    public void CreateFilterChain(IConnection connection)
    {
        var session = new TcpProxySession(this, connection);
        connection.AddReadFilter(session);
        connection.AddConnectionEventListener(session);
    }
}
