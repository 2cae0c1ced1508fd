using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Router;
using Mosn.Abstractions.Streams;
using Mosn.Abstractions.Upstream;

namespace Mosn.Abstractions.Extensions;

/// <summary>The running server's parts that filter factories may use.</summary>
public interface IFilterFactoryContext
{
    /// <summary>Clusters and pools.</summary>
    IClusterManager ClusterManager { get; }

    /// <summary>Opens upstream connections (for L4 filters such as <c>tcp_proxy</c>).</summary>
    IConnectionFactory ConnectionFactory { get; }

    /// <summary>Route tables.</summary>
    IRouterManager RouterManager { get; }

    /// <summary>Registered protocols.</summary>
    IProtocolRegistry Protocols { get; }

    /// <summary>Logging.</summary>
    ILoggerFactory LoggerFactory { get; }

    /// <summary>Clock and timers (replaceable in tests).</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>The stream filter factories configured on the listener being built (applied to every stream of its proxy filter).</summary>
    IReadOnlyList<IStreamFilterChainFactory> StreamFilters { get; }

    /// <summary>The listener's config.</summary>
    ListenerConfig Listener { get; }
}
