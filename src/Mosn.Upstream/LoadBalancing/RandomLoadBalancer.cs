using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>
/// <c>LB_RANDOM</c>: picks a random host with probability proportional to its weight (uniform when weights are equal;
/// MOSN ignores weights here, we honour them). The further candidates follow in list order, as MOSN's linear scan does.
/// </summary>
/// <remarks>Thread-safe when built on <see cref="System.Random.Shared"/>; allocation-free per request.</remarks>
internal sealed class RandomLoadBalancer : ILoadBalancer
{
    private readonly IHost[] _hosts;
    // Running sums of the weights (null when all weights are equal): host i owns draws in [cumulative[i-1], cumulative[i]).
    private readonly int[]? _cumulative;
    private readonly Random _random;

    /// <summary>Creates a balancer over <paramref name="hosts"/> drawing from <see cref="System.Random.Shared"/>.</summary>
    public RandomLoadBalancer(IReadOnlyList<IHost> hosts)
        : this(hosts, Random.Shared)
    {
    }

    /// <summary>Creates a balancer drawing from <paramref name="random"/> (tests: a seeded, single-threaded source).</summary>
    internal RandomLoadBalancer(IReadOnlyList<IHost> hosts, Random random)
    {
        _hosts = [.. hosts];
        _random = random;
        if (_hosts.Length > 1 && !HostSelection.HaveEqualWeights(_hosts))
        {
            _cumulative = new int[_hosts.Length];
            var sum = 0;
            for (var i = 0; i < _hosts.Length; i++)
            {
                sum += HostSelection.WeightOf(_hosts[i]);
                _cumulative[i] = sum;
            }
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

        int index;
        if (_cumulative is null)
        {
            index = _random.Next(_hosts.Length);
        }
        else
        {
            var draw = _random.Next(_cumulative[^1]);
            index = Array.BinarySearch(_cumulative, draw);
            // An exact hit on a running sum belongs to the next host; a miss gives the first sum above the draw.
            index = index >= 0 ? index + 1 : ~index;
        }

        return new HostCandidates(_hosts, index);
    }

    /// <inheritdoc />
    public IHost? ChooseHost(ILoadBalancerContext? context) => Candidates(context).FirstAcceptable(context);
}
