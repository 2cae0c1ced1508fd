using Mosn.Abstractions.Extensions;
using Mosn.Filters.Fault;
using Mosn.Filters.TcpProxy;

namespace Mosn.Filters;

/// <summary>
/// The filter types this assembly provides, for the host to register in one place. Each call returns new, stateless
/// factory instances; register each once (a duplicate name fails at start).
/// </summary>
public static class BuiltInFilters
{
    /// <summary>Network (L4) filter types: <c>tcp_proxy</c>.</summary>
    public static IReadOnlyList<INetworkFilterFactory> NetworkFilters => [new TcpProxyFilterFactory()];

    /// <summary>Stream (L7) filter types: <c>fault</c>.</summary>
    public static IReadOnlyList<IStreamFilterFactory> StreamFilters => [new FaultStreamFilterFactory()];
}
