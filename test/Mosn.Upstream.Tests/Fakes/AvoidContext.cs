using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.Tests.Fakes;

/// <summary>A balancer context that avoids the given hosts (a retry).</summary>
public sealed class AvoidContext(params IHost[] avoid) : ILoadBalancerContext
{
    public IHeaderMap? DownstreamHeaders => null;
    public IConnection? DownstreamConnection => null;
    public IReadOnlyDictionary<string, string>? MetadataMatch => null;
    public bool ShouldSelectAnotherHost(IHost host) => avoid.Contains(host);
}
