using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Extensions;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Router;
using Mosn.Abstractions.Streams;
using Mosn.Abstractions.Upstream;
using Mosn.Network;
using Mosn.Testing;
using Mosn.Upstream;

namespace Mosn.Filters.Tests.Fakes;

/// <summary>
/// A filter factory context over the real <see cref="ClusterManager"/> and <see cref="SocketConnectionFactory"/>.
/// Clusters are added with <see cref="AddCluster"/>.
/// </summary>
public sealed class TestFilterFactoryContext : IFilterFactoryContext, IAsyncDisposable
{
    private readonly SocketConnectionFactory _sockets = new(TestLogging.Factory);
    private readonly IConnectionFactory _connections;
    private readonly ClusterManager _clusters;

    public TestFilterFactoryContext(TimeProvider? timeProvider = null, IConnectionFactory? connectionFactory = null)
    {
        TimeProvider = timeProvider ?? TimeProvider.System;
        _connections = connectionFactory ?? _sockets;
        var balancers = new Dictionary<string, ILoadBalancerFactory>
        {
            [LoadBalancerTypes.RoundRobin] = new RoundRobinLoadBalancerFactory(),
            [LoadBalancerTypes.Random] = new RandomLoadBalancerFactory(),
        };
        _clusters = new ClusterManager(Protocols, _connections, balancers, TestLogging.Factory, TimeProvider);
    }

    public IClusterManager ClusterManager => _clusters;

    public IConnectionFactory ConnectionFactory => _connections;

    public IRouterManager RouterManager => throw new NotSupportedException("not used by the built-in filters");

    public IProtocolRegistry Protocols { get; } = new EmptyProtocolRegistry();

    public ILoggerFactory LoggerFactory => TestLogging.Factory;

    public TimeProvider TimeProvider { get; }

    public IReadOnlyList<IStreamFilterChainFactory> StreamFilters => [];

    public ListenerConfig Listener { get; } = new() { Name = "test" };

    /// <summary>Adds a round-robin cluster whose hosts are <paramref name="addresses"/> ("ip:port").</summary>
    public void AddCluster(string name, params string[] addresses) => _clusters.AddOrUpdateCluster(new ClusterConfig
    {
        Name = name,
        LbType = LoadBalancerTypes.RoundRobin,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        Hosts = [.. addresses.Select(a => new HostConfig { Address = a })],
    });

    public async ValueTask DisposeAsync()
    {
        await _clusters.DisposeAsync();
        _sockets.Dispose();
    }
}
