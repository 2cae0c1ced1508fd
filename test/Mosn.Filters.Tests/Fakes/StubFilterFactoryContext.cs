using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Extensions;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Router;
using Mosn.Abstractions.Streams;
using Mosn.Abstractions.Upstream;
using Mosn.Testing;

namespace Mosn.Filters.Tests.Fakes;

/// <summary>A context with only a clock and logging (what stream filters need); everything else throws.</summary>
public sealed class StubFilterFactoryContext(TimeProvider timeProvider) : IFilterFactoryContext
{
    public IClusterManager ClusterManager => throw new NotSupportedException();

    public IConnectionFactory ConnectionFactory => throw new NotSupportedException();

    public IRouterManager RouterManager => throw new NotSupportedException();

    public IProtocolRegistry Protocols => throw new NotSupportedException();

    public ILoggerFactory LoggerFactory => TestLogging.Factory;

    public TimeProvider TimeProvider => timeProvider;

    public IReadOnlyList<IStreamFilterChainFactory> StreamFilters => [];

    public ListenerConfig Listener { get; } = new();
}
