using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.Tests.Fakes;

/// <summary>A balancer context with a hash key and/or subset criteria (and hosts to avoid).</summary>
public sealed class RequestContext(ulong? hashKey = null, IReadOnlyDictionary<string, string>? metadataMatch = null, params IHost[] avoid) : ILoadBalancerContext
{
    public IHeaderMap? DownstreamHeaders => null;
    public IConnection? DownstreamConnection => null;
    public IReadOnlyDictionary<string, string>? MetadataMatch => metadataMatch;
    public ulong? HashKey => hashKey;
    public bool ShouldSelectAnotherHost(IHost host) => avoid.Contains(host);
}
