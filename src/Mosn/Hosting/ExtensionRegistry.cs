using Mosn.Abstractions.Extensions;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Upstream;

namespace Mosn.Hosting;

/// <summary>The named extensions of one server, built by <see cref="ExtensionRegistryBuilder"/>. Immutable.</summary>
public sealed class ExtensionRegistry : IExtensionRegistry
{
    private readonly Dictionary<string, INetworkFilterFactory> _networkFilters;
    private readonly Dictionary<string, IStreamFilterFactory> _streamFilters;
    private readonly Dictionary<string, ILoadBalancerFactory> _loadBalancers;

    internal ExtensionRegistry(
        Dictionary<string, INetworkFilterFactory> networkFilters,
        Dictionary<string, IStreamFilterFactory> streamFilters,
        Dictionary<string, ILoadBalancerFactory> loadBalancers,
        IReadOnlyList<IProtocol> protocols)
    {
        _networkFilters = networkFilters;
        _streamFilters = streamFilters;
        _loadBalancers = loadBalancers;
        Protocols = new ProtocolRegistry(protocols);
    }

    /// <inheritdoc />
    public IProtocolRegistry Protocols { get; }

    /// <summary>Load balancer factories by name.</summary>
    public IReadOnlyDictionary<string, ILoadBalancerFactory> LoadBalancers => _loadBalancers;

    /// <summary>Registered network filter names.</summary>
    public IEnumerable<string> NetworkFilterNames => _networkFilters.Keys;

    /// <summary>Registered stream filter names.</summary>
    public IEnumerable<string> StreamFilterNames => _streamFilters.Keys;

    /// <inheritdoc />
    public INetworkFilterFactory? GetNetworkFilter(string name) => _networkFilters.GetValueOrDefault(name);

    /// <inheritdoc />
    public IStreamFilterFactory? GetStreamFilter(string name) => _streamFilters.GetValueOrDefault(name);

    /// <inheritdoc />
    public ILoadBalancerFactory? GetLoadBalancer(string name) => _loadBalancers.GetValueOrDefault(name);
}
