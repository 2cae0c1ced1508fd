using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>
/// <c>LB_LEAST_REQUEST</c> and <c>LB_LEAST_CONNECTION</c>, as MOSN and Envoy define them, on a host's active requests
/// or active connections (<see cref="HostStats"/>). Equal weights: the power of two choices: two distinct hosts drawn
/// at random, the one with the lower load wins (busy hosts are avoided without the herd effect of always taking the
/// global minimum). Different weights: earliest-deadline-first scheduling (<see cref="EdfScheduler"/>) on the effective
/// weight <c>weight / (load + 1)</c> (active-request bias 1), refreshed for the picked host at each pick, as Envoy and
/// MOSN do: idle hosts get traffic in proportion to their weight and a busy host's share shrinks with its load. The
/// further candidates follow the pick in list order.
/// </summary>
/// <remarks>Thread-safe (reads the counters racily, which is fine for a heuristic); allocation-free per request. The
/// weighted path takes a short lock (O(log hosts) per pick).</remarks>
internal sealed class LeastRequestLoadBalancer : ILoadBalancer
{
    private readonly IHost[] _hosts;
    private readonly bool _byConnections;
    private readonly EdfScheduler? _scheduler; // when weights differ
    private readonly Lock _lock = new();
    private readonly Random _random;

    /// <summary>Creates a balancer over <paramref name="hosts"/> drawing from <see cref="System.Random.Shared"/>.</summary>
    /// <param name="hosts">The hosts.</param>
    /// <param name="byConnections">True: load is active connections (<c>LB_LEAST_CONNECTION</c>); false: active requests.</param>
    public LeastRequestLoadBalancer(IReadOnlyList<IHost> hosts, bool byConnections = false)
        : this(hosts, Random.Shared, byConnections)
    {
    }

    /// <summary>Creates a balancer drawing from <paramref name="random"/> (tests: a seeded, single-threaded source).</summary>
    internal LeastRequestLoadBalancer(IReadOnlyList<IHost> hosts, Random random, bool byConnections = false)
    {
        _hosts = [.. hosts];
        _random = random;
        _byConnections = byConnections;
        if (_hosts.Length > 1 && !HostSelection.HaveEqualWeights(_hosts))
        {
            var weights = new double[_hosts.Length];
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = EffectiveWeight(i);
            }

            _scheduler = new EdfScheduler(weights);
        }
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

        if (_scheduler is not null)
        {
            return new HostCandidates(_hosts, PickWeighted());
        }

        var (first, second) = HostSelection.TwoDistinct(_random, _hosts.Length);
        return new HostCandidates(_hosts, Load(second) < Load(first) ? second : first);
    }

    /// <inheritdoc />
    public IHost? ChooseHost(ILoadBalancerContext? context) => Candidates(context).FirstAcceptable(context);

    private int PickWeighted()
    {
        lock (_lock)
        {
            var picked = _scheduler!.PopNext();
            _scheduler.Push(picked, EffectiveWeight(picked));
            return picked;
        }
    }

    private double EffectiveWeight(int index) => HostSelection.WeightOf(_hosts[index]) / (double)(Load(index) + 1);

    private long Load(int index)
    {
        var stats = _hosts[index].Stats;
        return Math.Max(0, _byConnections ? stats.ActiveConnections : stats.ActiveRequests);
    }
}
