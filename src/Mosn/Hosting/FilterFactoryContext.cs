using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Extensions;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Router;
using Mosn.Abstractions.Streams;
using Mosn.Abstractions.Upstream;

namespace Mosn.Hosting;

/// <summary>The server parts given to filter factories while one listener is built.</summary>
internal sealed record FilterFactoryContext(
    IClusterManager ClusterManager,
    IConnectionFactory ConnectionFactory,
    IRouterManager RouterManager,
    IProtocolRegistry Protocols,
    ILoggerFactory LoggerFactory,
    TimeProvider TimeProvider,
    IReadOnlyList<IStreamFilterChainFactory> StreamFilters,
    ListenerConfig Listener) : IFilterFactoryContext;
