using System.Runtime.InteropServices;
using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>
/// <c>LB_RING_HASH</c> (Envoy's name; MOSN has no ring hash): consistent hashing on a Ketama-style ring. Each host is
/// placed on a 64-bit ring at many points (hashes of its address with the point's number as seed), as many as its
/// share of the total weight allows; a request's <see cref="ILoadBalancerContext.HashKey"/> goes to the first point at
/// or after it (wrapping around). Adding or removing one host of N moves only the keys of that host's arcs: about
/// 1/N of them. Without a key the point is random. The further candidates follow the point's host in list order.
/// </summary>
/// <remarks>
/// Ring size: 160 points per host (Ketama's count) scaled by weight, at least <see cref="MinRingSize"/> (Envoy's
/// default <c>minimum_ring_size</c>) and at most <see cref="MaxRingSize"/>; every host has at least one point. Built once
/// per host-set snapshot (a sort of the points); 12 bytes per point. A lookup is a binary search: stateless, thread-safe
/// and allocation-free.
/// </remarks>
internal sealed class RingHashLoadBalancer : ILoadBalancer
{
    /// <summary>The fewest points of a ring.</summary>
    public const int MinRingSize = 1024;

    /// <summary>The most points of a ring (Envoy's default <c>maximum_ring_size</c>).</summary>
    public const int MaxRingSize = 8 * 1024 * 1024;

    private const int PointsPerHost = 160;

    private readonly IHost[] _hosts;
    private readonly ulong[] _points; // sorted point hashes
    private readonly int[] _owners; // host index of each point
    private readonly Random _random;

    /// <summary>Builds the ring over <paramref name="hosts"/>; random picks (no hash key) draw from <see cref="Random.Shared"/>.</summary>
    public RingHashLoadBalancer(IReadOnlyList<IHost> hosts)
        : this(hosts, Random.Shared)
    {
    }

    /// <summary>Builds the ring; random picks draw from <paramref name="random"/> (tests: a seeded source).</summary>
    internal RingHashLoadBalancer(IReadOnlyList<IHost> hosts, Random random)
    {
        _hosts = [.. hosts];
        _random = random;
        (_points, _owners) = _hosts.Length == 0 ? ([], []) : BuildRing(_hosts);
    }

    /// <inheritdoc />
    public int HostCount => _hosts.Length;

    /// <summary>The number of points on the ring.</summary>
    internal int RingSize => _points.Length;

    /// <inheritdoc />
    public HostCandidates Candidates(ILoadBalancerContext? context)
    {
        if (_hosts.Length <= 1)
        {
            return HostSelection.From(_hosts, 0);
        }

        int point;
        if (context?.HashKey is { } key)
        {
            point = Array.BinarySearch(_points, key);
            if (point < 0)
            {
                point = ~point; // the first point above the key
            }

            if (point == _points.Length)
            {
                point = 0; // past the last point: wrap around
            }
        }
        else
        {
            point = _random.Next(_points.Length);
        }

        return new HostCandidates(_hosts, _owners[point]);
    }

    /// <inheritdoc />
    public IHost? ChooseHost(ILoadBalancerContext? context) => Candidates(context).FirstAcceptable(context);

    private static (ulong[] Points, int[] Owners) BuildRing(IHost[] hosts)
    {
        var totalWeight = 0L;
        foreach (var host in hosts)
        {
            totalWeight += HostSelection.WeightOf(host);
        }

        // Points per unit of weight: Ketama's 160 per host on average, within the ring size bounds.
        var target = Math.Clamp((long)PointsPerHost * hosts.Length, MinRingSize, MaxRingSize);
        var perWeight = target / (double)totalWeight;
        var counts = new int[hosts.Length];
        var size = 0L;
        for (var i = 0; i < hosts.Length; i++)
        {
            counts[i] = (int)Math.Max(1, Math.Round(perWeight * HostSelection.WeightOf(hosts[i])));
            size += counts[i];
        }

        var points = new ulong[size];
        var owners = new int[size];
        var n = 0;
        for (var i = 0; i < hosts.Length; i++)
        {
            var address = MemoryMarshal.AsBytes(hosts[i].Address.AsSpan());
            for (var k = 0; k < counts[i]; k++)
            {
                points[n] = XxHash64.Hash(address, (ulong)k);
                owners[n] = i;
                n++;
            }
        }

        // Two equal 64-bit point hashes are practically impossible, so the unstable sort still gives one ring per host set.
        Array.Sort(points, owners);
        return (points, owners);
    }
}
