using System.Net;

namespace Mosn.Filters.TcpProxy;

/// <summary>
/// One entry of <c>tcp_proxy.routes</c>: the cluster for connections whose peer (source) and local (destination)
/// addresses and ports match. An empty criterion matches anything (as in Envoy); all non-empty criteria must match.
/// Immutable; thread-safe.
/// </summary>
internal sealed record TcpProxyRoute(
    string Cluster,
    IReadOnlyList<CidrRange> SourceAddrs,
    IReadOnlyList<PortRange> SourcePorts,
    IReadOnlyList<CidrRange> DestinationAddrs,
    IReadOnlyList<PortRange> DestinationPorts)
{
    /// <summary>True when a connection from <paramref name="source"/> accepted on <paramref name="destination"/> matches.</summary>
    public bool Matches(EndPoint? source, EndPoint? destination) =>
        MatchesAddress(SourceAddrs, source) && MatchesPort(SourcePorts, source)
        && MatchesAddress(DestinationAddrs, destination) && MatchesPort(DestinationPorts, destination);

    private static bool MatchesAddress(IReadOnlyList<CidrRange> ranges, EndPoint? endPoint)
    {
        if (ranges.Count == 0)
        {
            return true;
        }

        if (endPoint is not IPEndPoint ip)
        {
            return false;
        }

        foreach (var range in ranges)
        {
            if (range.Contains(ip.Address))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchesPort(IReadOnlyList<PortRange> ranges, EndPoint? endPoint)
    {
        if (ranges.Count == 0)
        {
            return true;
        }

        if (endPoint is not IPEndPoint ip)
        {
            return false;
        }

        foreach (var range in ranges)
        {
            if (range.Contains(ip.Port))
            {
                return true;
            }
        }

        return false;
    }
}
