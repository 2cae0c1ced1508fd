using Mosn.Abstractions.Extensions;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Upstream;

namespace Mosn.Hosting;

/// <summary>
/// Registers extensions by name: protocols, network filters, stream filters, load balancers. A second registration of
/// a name throws at once (a start-up error), as in Envoy's registry. No assembly scanning.
/// </summary>
public sealed class ExtensionRegistryBuilder
{
    private readonly Dictionary<string, INetworkFilterFactory> _networkFilters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IStreamFilterFactory> _streamFilters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ILoadBalancerFactory> _loadBalancers = new(StringComparer.Ordinal);
    private readonly List<IProtocol> _protocols = [];

    /// <summary>Adds a protocol (Auto detection tries protocols in registration order).</summary>
    public ExtensionRegistryBuilder AddProtocol(IProtocol protocol)
    {
        if (string.Equals(protocol.Name, ProtocolNames.Auto, StringComparison.OrdinalIgnoreCase)
            || _protocols.Exists(p => string.Equals(p.Name, protocol.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A protocol named \"{protocol.Name}\" is already registered (or reserved).");
        }

        _protocols.Add(protocol);
        return this;
    }

    /// <summary>Adds a network filter type.</summary>
    public ExtensionRegistryBuilder AddNetworkFilter(INetworkFilterFactory factory) => Add(_networkFilters, factory.Name, factory, "network filter");

    /// <summary>Adds a stream filter type.</summary>
    public ExtensionRegistryBuilder AddStreamFilter(IStreamFilterFactory factory) => Add(_streamFilters, factory.Name, factory, "stream filter");

    /// <summary>Adds a load balancer type.</summary>
    public ExtensionRegistryBuilder AddLoadBalancer(ILoadBalancerFactory factory) => Add(_loadBalancers, factory.Name, factory, "load balancer");

    private ExtensionRegistryBuilder Add<T>(Dictionary<string, T> map, string name, T value, string kind)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidOperationException($"A {kind} needs a name.");
        }

        if (!map.TryAdd(name, value))
        {
            throw new InvalidOperationException($"A {kind} named \"{name}\" is already registered.");
        }

        return this;
    }

    /// <summary>Freezes the registrations.</summary>
    public ExtensionRegistry Build() => new(new(_networkFilters), new(_streamFilters), new(_loadBalancers), [.. _protocols]);
}
