namespace Mosn.Abstractions.Upstream;

/// <summary>
/// Chooses upstream hosts by one policy (the cluster's <c>lb_type</c>). Built for one host-set snapshot and immutable
/// apart from the policy's own counters; thread-safe; no allocation per request.
/// </summary>
public interface ILoadBalancer
{
    /// <summary>
    /// The hosts to try for one request, in preference order: first the policy's pick, then further distinct healthy
    /// hosts (see <see cref="HostCandidates"/> for the ordering guarantees). Unhealthy hosts are skipped by the sequence
    /// itself. A retry or a health skip takes the next candidate of the same sequence rather than calling the balancer
    /// again, so it never lands on a host already tried while another healthy host is left.
    /// </summary>
    /// <param name="context">The request (hash key, subset metadata); null when there is none (e.g. a health check).</param>
    /// <returns>The sequence; empty when no host can serve the request. Never throws for an empty or unhealthy host set.</returns>
    /// <remarks>Thread-safe; allocation-free. Calling it advances stateful policies (round robin) by one turn.</remarks>
    HostCandidates Candidates(ILoadBalancerContext? context);

    /// <summary>
    /// The first acceptable candidate (<see cref="HostCandidates.FirstAcceptable"/>): the policy's pick, or the next
    /// healthy host when <paramref name="context"/> asks to avoid it (<see cref="ILoadBalancerContext.ShouldSelectAnotherHost"/>);
    /// an avoided host only when no other healthy host exists; null when no healthy host exists.
    /// </summary>
    /// <remarks>Thread-safe; allocation-free.</remarks>
    IHost? ChooseHost(ILoadBalancerContext? context) => Candidates(context).FirstAcceptable(context);

    /// <summary>Number of hosts this balancer chooses among.</summary>
    int HostCount { get; }
}
