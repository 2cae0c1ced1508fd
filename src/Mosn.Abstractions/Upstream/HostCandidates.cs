using System.Diagnostics.CodeAnalysis;

namespace Mosn.Abstractions.Upstream;

/// <summary>
/// The hosts a load balancer offers for one request, best first: an allocation-free enumerator returned by
/// <see cref="ILoadBalancer.Candidates"/>. The first candidate is the balancer's pick; the next ones are the other hosts
/// of the same snapshot, each at most once, for retries and health skips, so that a request needs one call to the
/// balancer however many tries it makes.
/// </summary>
/// <remarks>
/// <para>Ordering: the sequence is a walk over a host array that starts at the policy's pick and wraps around, so every
/// host of the array is visited exactly once. A host is yielded only if it is healthy (<see cref="IHost.IsHealthy"/>)
/// at the moment <see cref="MoveNext"/> reaches it: a host marked unhealthy after the snapshot was built is skipped
/// without waiting for the balancer to be rebuilt. Hence: never the same host twice, and every host still healthy is
/// yielded before the sequence ends.</para>
/// <para>Ownership and threading: the struct holds a reference to the balancer's host array (never copied; the
/// balancer must not change it after publication) and two integers. It is a mutable value: keep it in a field or a local
/// and call <see cref="MoveNext"/> on that variable (a copy continues on its own). One sequence belongs to one request
/// and must not be advanced from two threads at once; the array it reads is shared and immutable.</para>
/// <para>Allocation: none. <c>foreach</c> works through <see cref="GetEnumerator"/>.</para>
/// </remarks>
public struct HostCandidates
{
    private readonly IHost[]? _hosts;
    private readonly int _first;
    private int _visited;
    private IHost? _current;

    /// <summary>
    /// A sequence over <paramref name="hosts"/> starting at index <paramref name="first"/> (the policy's pick) and
    /// wrapping around. <paramref name="hosts"/> is kept, not copied: the caller must never modify it afterwards.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="first"/> is not an index of a non-empty
    /// <paramref name="hosts"/> (0 is accepted for an empty array).</exception>
    public HostCandidates(IHost[] hosts, int first)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        if (hosts.Length == 0 ? first != 0 : (uint)first >= (uint)hosts.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(first), first, "The first candidate must be an index of the host array.");
        }

        _hosts = hosts;
        _first = first;
        _visited = 0;
        _current = null;
    }

    /// <summary>An empty sequence (no host at all, e.g. a subset with no fallback).</summary>
    public static HostCandidates None => default;

    /// <summary>The host <see cref="MoveNext"/> last moved to. Undefined (null) before the first call and after the end.</summary>
    public readonly IHost Current => _current!;

    /// <summary>
    /// The number of hosts the sequence walks over (healthy or not): an upper bound of the number of candidates.
    /// </summary>
    public readonly int Count => _hosts?.Length ?? 0;

    /// <summary>Moves to the next healthy host not yielded yet; false when every host has been visited.</summary>
    public bool MoveNext()
    {
        var hosts = _hosts;
        if (hosts is null)
        {
            return false;
        }

        while (_visited < hosts.Length)
        {
            var index = _first + _visited++;
            if (index >= hosts.Length)
            {
                index -= hosts.Length;
            }

            var host = hosts[index];
            if (host.IsHealthy)
            {
                _current = host;
                return true;
            }
        }

        _current = null;
        return false;
    }

    /// <summary>
    /// Consumes the sequence up to the first candidate that <paramref name="context"/> does not ask to avoid
    /// (<see cref="ILoadBalancerContext.ShouldSelectAnotherHost"/>) and returns it; if every candidate is to be
    /// avoided, the first candidate (a retry to the same host beats no host); null when there is no healthy host.
    /// This is what <see cref="ILoadBalancer.ChooseHost"/> returns.
    /// </summary>
    public IHost? FirstAcceptable(ILoadBalancerContext? context)
    {
        IHost? fallback = null;
        while (MoveNext())
        {
            var host = _current!;
            if (context is null || !context.ShouldSelectAnotherHost(host))
            {
                return host;
            }

            fallback ??= host;
        }

        return fallback;
    }

    /// <summary>Returns this sequence (for <c>foreach</c>); the copy advances independently of the original.</summary>
    [SuppressMessage("Design", "CA1024:Use properties where appropriate", Justification = "The foreach pattern.")]
    public readonly HostCandidates GetEnumerator() => this;
}
