using Microsoft.Extensions.Logging;
using Mosn.Filters;
using Mosn.Protocols.Bolt;
using Mosn.Protocols.Dubbo;
using Mosn.Protocols.Http1;
using Mosn.Protocols.Http2;
using Mosn.Proxy;
using Mosn.Upstream;

namespace Mosn.Hosting;

/// <summary>Registers what ships with Mosn.NET.</summary>
public static class BuiltInExtensions
{
    /// <summary>A builder with every built-in protocol, filter and load balancer registered.</summary>
    public static ExtensionRegistryBuilder CreateBuilder(ILoggerFactory loggerFactory)
    {
        var builder = new ExtensionRegistryBuilder()
            .AddProtocol(new Http1Protocol(loggerFactory))
            .AddProtocol(new Http2Protocol(loggerFactory))
            .AddProtocol(BoltProtocol.Create())
            .AddProtocol(BoltV2Protocol.Create())
            .AddProtocol(DubboProtocol.Create())
            .AddNetworkFilter(new ProxyNetworkFilterFactory());
        foreach (var f in BuiltInLoadBalancers.Create())
        {
            builder.AddLoadBalancer(f);
        }

        foreach (var f in BuiltInFilters.NetworkFilters)
        {
            builder.AddNetworkFilter(f);
        }

        foreach (var f in BuiltInFilters.StreamFilters)
        {
            builder.AddStreamFilter(f);
        }

        return builder;
    }
}
