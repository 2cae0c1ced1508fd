using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Upstream;

namespace Mosn.Abstractions.Extensions;

/// <summary>The named extensions registered at start-up. Immutable after start.</summary>
public interface IExtensionRegistry
{
    /// <summary>Finds a network filter type.</summary>
    INetworkFilterFactory? GetNetworkFilter(string name);

    /// <summary>Finds a stream filter type.</summary>
    IStreamFilterFactory? GetStreamFilter(string name);

    /// <summary>Finds a load balancer type.</summary>
    ILoadBalancerFactory? GetLoadBalancer(string name);

    /// <summary>The protocols.</summary>
    IProtocolRegistry Protocols { get; }
}
