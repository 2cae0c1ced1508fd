using Mosn.Abstractions.Config;
using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>
/// <c>LB_LEAST_REQUEST</c> and <c>LB_LEAST_CONNECTION</c>, as MOSN and Envoy define them, on a host's active requests
/// or active connections (<see cref="HostStats"/>). Equal weights: the power of N choices (<c>lbconfig.choice_count</c>,
/// default 2): N hosts drawn at random, the one with the lowest load wins (busy hosts are avoided without the herd
/// effect of always taking the global minimum); with 2 the two are distinct, with more they are drawn independently as
/// MOSN does. Different weights: earliest-deadline-first scheduling (<see cref="EdfScheduler"/>) on the effective weight
/// <c>weight / (load + 1)^active_request_bias</c> (default bias 1; 0 ignores the load: plain weighted round robin),
/// refreshed for the picked host at each pick, as Envoy and MOSN do: idle hosts get traffic in proportion to their
/// weight and a busy host's share shrinks with its load. With slow start (<see cref="SlowStartWeights"/>) a warming
/// host's weight is scaled by its factor, and the EDF path is used while any host warms even when weights are equal.
/// The further candidates follow the pick in list order.
/// </summary>
/// <remarks>Thread-safe (reads the counters racily, which is fine for a heuristic); allocation-free per request. The
/// weighted path takes a short lock (O(log hosts) per pick).</remarks>
internal sealed class LeastRequestLoadBalancer : ILoadBalancer
{
    private readonly IHost[] _hosts;
    private readonly bool _byConnections;
    private readonly bool _weighted; // weights differ
    private readonly int _choices;
    private readonly double _bias;
    private readonly SlowStartWeights? _slowStart;
    private readonly EdfScheduler? _scheduler; // when weights differ, or some host warms up
    private readonly Lock _lock = new();
    private readonly Random _random;

    /// <summary>Creates a balancer over <paramref name="hosts"/> drawing from <see cref="System.Random.Shared"/>.</summary>
    /// <param name="hosts">The hosts.</param>
    /// <param name="byConnections">True: load is active connections (<c>LB_LEAST_CONNECTION</c>); false: active requests.</param>
    /// <param name="config">Choice count and active-request bias (null: the defaults).</param>
    /// <param name="slowStart">The warming hosts' factors (null: none warms).</param>
    public LeastRequestLoadBalancer(IReadOnlyList<IHost> hosts, bool byConnections = false, LbConfig? config = null, SlowStartWeights? slowStart = null)
        : this(hosts, Random.Shared, byConnections, config, slowStart)
    {
    }

    /// <summary>Creates a balancer drawing from <paramref name="random"/> (tests: a seeded, single-threaded source).</summary>
    internal LeastRequestLoadBalancer(IReadOnlyList<IHost> hosts, Random random, bool byConnections = false, LbConfig? config = null, SlowStartWeights? slowStart = null)
    {
        _hosts = [.. hosts];
        _random = random;
        _byConnections = byConnections;
        _choices = Math.Max(2, config?.ChoiceCount ?? LbConfig.DefaultChoiceCount);
        _bias = Math.Max(0, config?.ActiveRequestBias ?? LbConfig.DefaultActiveRequestBias);
        _weighted = _hosts.Length > 1 && !HostSelection.HaveEqualWeights(_hosts);
        _slowStart = _hosts.Length > 1 ? slowStart : null;
        if (_weighted || _slowStart is not null)
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

        if (_scheduler is not null && (_weighted || _slowStart!.InWindow))
        {
            return new HostCandidates(_hosts, PickWeighted());
        }

        return new HostCandidates(_hosts, PickLeastOfChoices());
    }

    /// <inheritdoc />
    public IHost? ChooseHost(ILoadBalancerContext? context) => Candidates(context).FirstAcceptable(context);

    private int PickLeastOfChoices()
    {
        if (_choices == 2)
        {
            var (first, second) = HostSelection.TwoDistinct(_random, _hosts.Length);
            return Load(second) < Load(first) ? second : first;
        }

        var best = _random.Next(_hosts.Length);
        var bestLoad = Load(best);
        for (var i = 1; i < _choices; i++)
        {
            var candidate = _random.Next(_hosts.Length);
            var load = Load(candidate);
            if (load < bestLoad)
            {
                (best, bestLoad) = (candidate, load);
            }
        }

        return best;
    }

    private int PickWeighted()
    {
        lock (_lock)
        {
            var picked = _scheduler!.PopNext();
            _scheduler.Push(picked, EffectiveWeight(picked));
            return picked;
        }
    }

    private double EffectiveWeight(int index)
    {
        double weight = HostSelection.WeightOf(_hosts[index]);
        if (_slowStart is not null)
        {
            weight *= _slowStart.Factor(index);
        }

        // Envoy's shortcuts: bias 1 is a division, bias 0 ignores the load.
        return _bias switch
        {
            0 => weight,
            1 => weight / (Load(index) + 1),
            _ => weight / Math.Pow(Load(index) + 1, _bias),
        };
    }

    private long Load(int index)
    {
        var stats = _hosts[index].Stats;
        return Math.Max(0, _byConnections ? stats.ActiveConnections : stats.ActiveRequests);
    }
}
