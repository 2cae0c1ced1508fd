using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>
/// <c>LB_REQUEST_ROUNDROBIN</c>, as MOSN defines it: every request starts at the first host of the list and each retry
/// of the request moves to the next host ("round robin within a request", not across requests). It is an ordered
/// fail-over: the first healthy host takes all traffic, the next ones only retries and health skips.
/// </summary>
/// <remarks>Stateless; thread-safe; allocation-free per request. Weights are ignored (as in MOSN).</remarks>
internal sealed class RequestRoundRobinLoadBalancer(IReadOnlyList<IHost> hosts) : ILoadBalancer
{
    private readonly IHost[] _hosts = [.. hosts];

    /// <inheritdoc />
    public int HostCount => _hosts.Length;

    /// <inheritdoc />
    public HostCandidates Candidates(ILoadBalancerContext? context) => HostSelection.From(_hosts, 0);

    /// <inheritdoc />
    public IHost? ChooseHost(ILoadBalancerContext? context) => Candidates(context).FirstAcceptable(context);
}
