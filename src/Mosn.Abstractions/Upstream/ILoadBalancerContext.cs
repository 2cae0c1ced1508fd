using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;

namespace Mosn.Abstractions.Upstream;

/// <summary>What a load balancer may use to pick a host for one request.</summary>
public interface ILoadBalancerContext
{
    /// <summary>The request headers (for hash policies), if any.</summary>
    IHeaderMap? DownstreamHeaders { get; }

    /// <summary>The downstream connection, if any.</summary>
    IConnection? DownstreamConnection { get; }

    /// <summary>Route metadata to select a subset of hosts by their metadata (null: all hosts).</summary>
    IReadOnlyDictionary<string, string>? MetadataMatch { get; }

    /// <summary>True if <paramref name="host"/> should be avoided (e.g. it failed an earlier try of this request).</summary>
    bool ShouldSelectAnotherHost(IHost host);
}
