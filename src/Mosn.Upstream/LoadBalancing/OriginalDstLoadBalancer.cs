using System.Net;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Upstream;
using Mosn.Upstream.Clusters;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>
/// <c>LB_ORIGINAL_DST</c>: the host of a request is its original destination, as MOSN's <c>original_dst.go</c> and
/// Envoy's original destination cluster: the header <c>header_name</c> when <c>use_header</c> is set and the request
/// has it, else the downstream connection's <see cref="Abstractions.Network.IConnection.OriginalDestination"/>.
/// </summary>
/// <remarks>
/// <para>No host (an empty sequence, which the proxy answers with 503 "no healthy upstream") when: the header is
/// present but not an IP literal with an optional port (no DNS is ever done for a header); there is neither header
/// nor original destination; or the destination, after <c>replace_local</c>, is one of this proxy's own listener
/// addresses (loop guard).</para>
/// <para>The header <c>host</c> also matches the <c>:authority</c> pseudo header, where the HTTP codecs keep the Host.</para>
/// <para>One candidate, the destination's host (created on first use, shared by every request for that address): a
/// retry goes to the same address. Thread-safe. A header value is parsed on every request (two small allocations);
/// a connection's destination is used as is.</para>
/// </remarks>
internal sealed class OriginalDstLoadBalancer(OriginalDstHosts hosts) : ILoadBalancer
{
    private const string HostHeader = "host";

    /// <inheritdoc />
    /// <remarks>The hosts created so far (they change with traffic).</remarks>
    public int HostCount => hosts.Count;

    /// <inheritdoc />
    public HostCandidates Candidates(ILoadBalancerContext? context)
    {
        if (Destination(context) is not { } destination || hosts.IsOwnAddress(destination))
        {
            return HostCandidates.None;
        }

        return new HostCandidates(hosts.GetOrAdd(destination).Candidates, 0);
    }

    /// <inheritdoc />
    public IHost? ChooseHost(ILoadBalancerContext? context) => Candidates(context).FirstAcceptable(context);

    private IPEndPoint? Destination(ILoadBalancerContext? context)
    {
        if (context is null)
        {
            return null;
        }

        var config = hosts.Config;
        if (config.UseHeader && context.DownstreamHeaders is { } headers && TryGetHeader(headers, config.HeaderName, out var value))
        {
            // A header that is present decides: an invalid one is refused, not replaced by the connection's destination.
            return OriginalDstAddress.TryParseHeader(value, out var fromHeader)
                ? OriginalDstAddress.Normalize(fromHeader, config.ReplaceLocal)
                : null;
        }

        return OriginalDstAddress.Normalize(context.DownstreamConnection?.OriginalDestination, config.ReplaceLocal);
    }

    private static bool TryGetHeader(IHeaderMap headers, string name, out string value)
    {
        if (headers.TryGet(name, out var found)
            || (string.Equals(name, HostHeader, StringComparison.OrdinalIgnoreCase) && headers.TryGet(PseudoHeaders.Authority, out found)))
        {
            value = found;
            return true;
        }

        value = "";
        return false;
    }
}
