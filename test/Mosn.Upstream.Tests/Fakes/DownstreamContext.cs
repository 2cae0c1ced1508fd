using System.Net;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Upstream;
using Mosn.Streams;

namespace Mosn.Upstream.Tests.Fakes;

/// <summary>A balancer context with request headers and a downstream connection (with its original destination).</summary>
public sealed class DownstreamContext : ILoadBalancerContext
{
    public DownstreamContext(EndPoint? originalDestination = null, params (string Name, string Value)[] headers)
    {
        DownstreamConnection = new FakeConnection(new IPEndPoint(IPAddress.Loopback, 50000), 4096) { OriginalDestination = originalDestination };
        if (headers.Length > 0)
        {
            var map = new HeaderMap();
            foreach (var (name, value) in headers)
            {
                map.Add(name, value);
            }

            DownstreamHeaders = map;
        }
    }

    public IHeaderMap? DownstreamHeaders { get; }
    public IConnection? DownstreamConnection { get; }
    public IReadOnlyDictionary<string, string>? MetadataMatch => null;
    public bool ShouldSelectAnotherHost(IHost host) => false;
}
