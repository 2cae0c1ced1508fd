using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>
/// <c>LB_ROUNDROBIN</c> and <c>LB_WEIGHTED_ROUNDROBIN</c>: hosts in turn. With equal weights it is plain round robin
/// (MOSN's behaviour). When weights differ (MOSN's <c>LB_ROUNDROBIN</c> ignores them, its <c>LB_WEIGHTED_ROUNDROBIN</c>
/// uses an EDF scheduler; both names honour them here) it walks a precomputed smooth weighted cycle: each host appears
/// <c>weight / gcd</c> times per cycle, its turns spread evenly (stride scheduling: host <c>i</c>'s k-th turn sits at
/// <c>(k + 1/2) / weight_i</c> of the cycle, as in Envoy's EDF scheduler), so a heavy host is never picked in a long burst.
/// </summary>
/// <remarks>
/// <para>Thread-safe and allocation-free per pick: the only shared state is one counter advanced with
/// <see cref="Interlocked.Increment(ref int)"/>. The cycle costs 4 bytes per entry (at most the sum of weights).
/// The further candidates of a request follow the turn's host in list order.</para>
/// <para>Slow start (<c>LB_WEIGHTED_ROUNDROBIN</c> only, as in MOSN): while a host warms up (<see cref="SlowStartWeights"/>)
/// picks come from an EDF scheduler on <c>weight × factor</c>, the picked host's weight re-read at each pick, under a
/// short lock (O(log hosts)); when every window is over the balancer is back on the lock-free cycle.</para>
/// </remarks>
internal sealed class RoundRobinLoadBalancer : ILoadBalancer
{
    private readonly IHost[] _hosts;
    // Host indexes in weighted order (null when weights are equal: the cycle is the host list itself).
    private readonly int[]? _cycle;
    private readonly SlowStartWeights? _slowStart;
    private readonly EdfScheduler? _warmScheduler; // with _slowStart
    private readonly Lock? _warmLock; // with _slowStart
    private int _counter;

    /// <summary>Creates a balancer starting at a random position in the cycle.</summary>
    public RoundRobinLoadBalancer(IReadOnlyList<IHost> hosts)
        : this(hosts, Random.Shared.Next())
    {
    }

    /// <summary>
    /// Creates a balancer whose first pick is position <paramref name="start"/> of the cycle (tests: 0), weighting warming
    /// hosts by <paramref name="slowStart"/> while their windows last (null: no slow start).
    /// </summary>
    internal RoundRobinLoadBalancer(IReadOnlyList<IHost> hosts, int start, SlowStartWeights? slowStart = null)
    {
        _hosts = [.. hosts];
        if (_hosts.Length > 1 && slowStart is not null)
        {
            _slowStart = slowStart;
            _warmLock = new Lock();
            var weights = new double[_hosts.Length];
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = WarmWeight(i);
            }

            _warmScheduler = new EdfScheduler(weights);
        }

        if (_hosts.Length > 1 && !HostSelection.HaveEqualWeights(_hosts))
        {
            _cycle = BuildCycle(_hosts);
        }

        var length = _cycle?.Length ?? _hosts.Length;
        // The counter is pre-incremented, so start one before the first position.
        _counter = length == 0 ? 0 : (int)((uint)start % (uint)length) - 1;
    }

    /// <inheritdoc />
    public int HostCount => _hosts.Length;

    /// <inheritdoc />
    public HostCandidates Candidates(ILoadBalancerContext? context)
    {
        if (_hosts.Length <= 1)
        {
            return HostSelection.From(_hosts, 0);
        }

        if (_slowStart is { InWindow: true })
        {
            return new HostCandidates(_hosts, PickWarming());
        }

        var turn = (uint)Interlocked.Increment(ref _counter);
        var index = _cycle is null ? (int)(turn % (uint)_hosts.Length) : _cycle[turn % (uint)_cycle.Length];
        return new HostCandidates(_hosts, index);
    }

    /// <inheritdoc />
    public IHost? ChooseHost(ILoadBalancerContext? context) => Candidates(context).FirstAcceptable(context);

    private int PickWarming()
    {
        lock (_warmLock!)
        {
            var picked = _warmScheduler!.PopNext();
            _warmScheduler.Push(picked, WarmWeight(picked));
            return picked;
        }
    }

    private double WarmWeight(int index) => HostSelection.WeightOf(_hosts[index]) * _slowStart!.Factor(index);

    private static int[] BuildCycle(IHost[] hosts)
    {
        var gcd = 0;
        foreach (var host in hosts)
        {
            gcd = Gcd(gcd, HostSelection.WeightOf(host));
        }

        var length = 0;
        foreach (var host in hosts)
        {
            length += HostSelection.WeightOf(host) / gcd;
        }

        var turns = new (double Position, int Host)[length];
        var n = 0;
        for (var i = 0; i < hosts.Length; i++)
        {
            var share = HostSelection.WeightOf(hosts[i]) / gcd;
            for (var k = 0; k < share; k++)
            {
                turns[n++] = ((k + 0.5) / share, i);
            }
        }

        // Ties (equal positions) go to the host listed first, so the cycle is deterministic.
        Array.Sort(turns);
        var cycle = new int[length];
        for (var i = 0; i < length; i++)
        {
            cycle[i] = turns[i].Host;
        }

        return cycle;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
