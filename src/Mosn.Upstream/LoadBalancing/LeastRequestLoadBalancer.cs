using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>
/// <c>LB_LEAST_REQUEST</c>, as MOSN and Envoy define it. Equal weights: the power of two choices: two distinct hosts
/// drawn at random, the one with fewer active requests wins (busy hosts are avoided without the herd effect of always
/// taking the global minimum). Different weights: smooth weighted round robin over the effective weights
/// <c>weight / (active requests + 1)</c> (active-request bias 1), so idle hosts get traffic in proportion to their
/// weight and a busy host's share shrinks with its load.
/// </summary>
/// <remarks>Thread-safe (reads each host's <see cref="HostStats.ActiveRequests"/> racily, which is fine for a
/// heuristic); allocation-free per pick. The weighted path takes a lock and scans the hosts (O(hosts) per pick).
/// Unhealthy or avoided hosts are skipped as every balancer does (<see cref="HostSelection.Accept"/>).</remarks>
internal sealed class LeastRequestLoadBalancer : ILoadBalancer
{
    private readonly IHost[] _hosts;
    private readonly double[]? _current; // smooth weighted round robin state when weights differ
    private readonly Lock _lock = new();
    private readonly Random _random;

    /// <summary>Creates a balancer over <paramref name="hosts"/> drawing from <see cref="System.Random.Shared"/>.</summary>
    public LeastRequestLoadBalancer(IReadOnlyList<IHost> hosts)
        : this(hosts, Random.Shared)
    {
    }

    /// <summary>Creates a balancer drawing from <paramref name="random"/> (tests: a seeded, single-threaded source).</summary>
    internal LeastRequestLoadBalancer(IReadOnlyList<IHost> hosts, Random random)
    {
        _hosts = [.. hosts];
        _random = random;
        if (_hosts.Length > 1 && !HostSelection.HaveEqualWeights(_hosts))
        {
            _current = new double[_hosts.Length];
        }
    }

    /// <inheritdoc />
    public int HostCount => _hosts.Length;

    /// <inheritdoc />
    public IHost? ChooseHost(ILoadBalancerContext? context)
    {
        switch (_hosts.Length)
        {
            case 0:
                return null;
            case 1:
                return HostSelection.Accept(_hosts, 0, context);
        }

        if (_current is not null)
        {
            return HostSelection.Accept(_hosts, PickWeighted(), context);
        }

        var first = _random.Next(_hosts.Length);
        var second = _random.Next(_hosts.Length - 1);
        if (second >= first)
        {
            second++; // distinct from the first
        }

        return HostSelection.Accept(_hosts, Active(second) < Active(first) ? second : first, context);
    }

    private int PickWeighted()
    {
        lock (_lock)
        {
            var total = 0.0;
            var best = 0;
            for (var i = 0; i < _hosts.Length; i++)
            {
                var effective = HostSelection.WeightOf(_hosts[i]) / (double)(Active(i) + 1);
                total += effective;
                _current![i] += effective;
                if (_current[i] > _current[best])
                {
                    best = i;
                }
            }

            _current![best] -= total;
            return best;
        }
    }

    private long Active(int index) => Math.Max(0, _hosts[index].Stats.ActiveRequests);
}
