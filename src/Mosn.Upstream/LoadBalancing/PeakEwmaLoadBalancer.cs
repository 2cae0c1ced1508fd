using System.Diagnostics;
using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>
/// <c>LB_PEAK_EWMA</c>, latency-aware, on MOSN's cost <c>latency × (active requests + 1) / success rate</c>: latency is
/// the host's peak EWMA of try latencies (<see cref="HostLatency"/>), the success rate is one minus its failure EWMA, at
/// least 0.1. A host without samples yet is costed at the cluster's average latency, or, before any sample in the
/// cluster, at MOSN's default (connect timeout + idle timeout, or 10 s). Equal weights: the power of two choices (two
/// distinct hosts drawn at random, the cheaper wins). Different weights: as MOSN, earliest-deadline-first scheduling
/// (<see cref="EdfScheduler"/>) on the effective weight <c>weight / cost</c>, refreshed for the picked host at each pick,
/// so hosts of equal cost share traffic in proportion to their weight and a slow or busy host's share shrinks with its
/// cost. The further candidates follow the pick in list order.
/// </summary>
/// <remarks>
/// The latencies come from the proxy's <see cref="IHost.ReportOutcome"/> calls (each outcome carries its try's
/// <see cref="HostOutcome.Latency"/>); the estimates live per address and survive snapshot rebuilds. Thread-safe
/// (racy reads of counters and estimates are fine for a heuristic); allocation-free per request. The weighted path takes
/// a short lock (O(log hosts) per pick).
/// </remarks>
internal sealed class PeakEwmaLoadBalancer : ILoadBalancer
{
    /// <summary>The latency assumed before any sample when the cluster has no timeouts to derive one from (MOSN's).</summary>
    public static readonly TimeSpan DefaultLatency = TimeSpan.FromSeconds(10);

    private const double MinSuccessRate = 0.1;
    private static readonly double MinCostTicks = Stopwatch.Frequency / 1_000_000.0; // 1 µs: keeps weight / cost finite

    private readonly IHost[] _hosts;
    private readonly HostLatency[] _latencies;
    private readonly HostLatency? _clusterLatency;
    private readonly double _defaultTicks;
    private readonly EdfScheduler? _scheduler; // when weights differ
    private readonly Lock _lock = new();
    private readonly Random _random;

    /// <summary>Creates a balancer over <paramref name="hosts"/> drawing from <see cref="Random.Shared"/>.</summary>
    /// <param name="hosts">The hosts.</param>
    /// <param name="clusterLatency">The cluster-wide estimate (for hosts without samples), if any.</param>
    /// <param name="defaultLatency">The latency assumed when neither the host nor the cluster has samples.</param>
    public PeakEwmaLoadBalancer(IReadOnlyList<IHost> hosts, HostLatency? clusterLatency, TimeSpan defaultLatency)
        : this(hosts, clusterLatency, defaultLatency, Random.Shared)
    {
    }

    /// <summary>Creates a balancer drawing from <paramref name="random"/> (tests: a seeded, single-threaded source).</summary>
    internal PeakEwmaLoadBalancer(IReadOnlyList<IHost> hosts, HostLatency? clusterLatency, TimeSpan defaultLatency, Random random)
    {
        _hosts = [.. hosts];
        _latencies = new HostLatency[_hosts.Length];
        for (var i = 0; i < _hosts.Length; i++)
        {
            _latencies[i] = HostLatency.For(_hosts[i].Stats);
        }

        _clusterLatency = clusterLatency;
        _defaultTicks = (defaultLatency > TimeSpan.Zero ? defaultLatency : DefaultLatency).TotalSeconds * Stopwatch.Frequency;
        if (_hosts.Length > 1 && !HostSelection.HaveEqualWeights(_hosts))
        {
            var now = Stopwatch.GetTimestamp();
            var weights = new double[_hosts.Length];
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = EffectiveWeight(i, now);
            }

            _scheduler = new EdfScheduler(weights);
        }

        _random = random;
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

        var now = Stopwatch.GetTimestamp();
        if (_scheduler is not null)
        {
            return new HostCandidates(_hosts, PickWeighted(now));
        }

        var (first, second) = HostSelection.TwoDistinct(_random, _hosts.Length);
        return new HostCandidates(_hosts, Cost(second, now) < Cost(first, now) ? second : first);
    }

    /// <inheritdoc />
    public IHost? ChooseHost(ILoadBalancerContext? context) => Candidates(context).FirstAcceptable(context);

    /// <summary>The cost of host <paramref name="index"/> at Stopwatch timestamp <paramref name="now"/> (lower is better).</summary>
    internal double Cost(int index, long now)
    {
        var estimate = _latencies[index];
        double latency;
        double failures;
        if (estimate.HasSamples)
        {
            (latency, failures) = estimate.Read(now);
        }
        else
        {
            latency = _clusterLatency is { HasSamples: true } cluster ? cluster.Read(now).LatencyTicks : _defaultTicks;
            failures = 0;
        }

        var active = Math.Max(0, _hosts[index].Stats.ActiveRequests);
        return latency * (active + 1) / Math.Max(MinSuccessRate, 1 - failures);
    }

    private int PickWeighted(long now)
    {
        lock (_lock)
        {
            var picked = _scheduler!.PopNext();
            _scheduler.Push(picked, EffectiveWeight(picked, now));
            return picked;
        }
    }

    private double EffectiveWeight(int index, long now) =>
        HostSelection.WeightOf(_hosts[index]) / Math.Max(MinCostTicks, Cost(index, now));
}
