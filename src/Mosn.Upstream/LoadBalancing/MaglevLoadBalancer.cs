using System.Runtime.InteropServices;
using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>
/// <c>LB_MAGLEV</c>: consistent hashing through a Maglev lookup table (Eisenbud et al., "Maglev: A Fast and Reliable
/// Software Network Load Balancer", NSDI 2016). Every host has a permutation of the table's slots derived from its
/// address; hosts take turns claiming their next free slot until the table is full, so each host owns an almost equal
/// share of slots (a share proportional to its weight: in each round a host claims a slot only while its claims stay
/// within <c>round × weight / max weight</c>), and adding or removing one host of N moves only about 1/N of the keys.
/// A request's <see cref="ILoadBalancerContext.HashKey"/> picks slot <c>key mod size</c>; without a key the slot is
/// random. The further candidates follow the slot's host in list order (the same order for the same key).
/// </summary>
/// <remarks>
/// Table size: the prime 65537 (MOSN's small table), or 655373 from 30000 hosts on (MOSN's big one), so each host owns
/// many slots. Built once per host-set snapshot in O(size × log size); 4 bytes per slot. Lookups are one array read:
/// stateless, thread-safe and allocation-free.
/// </remarks>
internal sealed class MaglevLoadBalancer : ILoadBalancer
{
    /// <summary>The default table size (a prime, as Maglev requires).</summary>
    public const int SmallTableSize = 65537;

    /// <summary>The table size for very large clusters (a prime).</summary>
    public const int LargeTableSize = 655373;

    private const int LargeTableHostCount = 30000;
    private const ulong OffsetSeed = 0x6D61676C65764F66; // "maglevOf"
    private const ulong SkipSeed = 0x6D61676C65765369; // "maglevSi"

    private readonly IHost[] _hosts;
    private readonly int[] _table; // slot -> host index
    private readonly Random _random;

    /// <summary>Builds the table over <paramref name="hosts"/>; random picks (no hash key) draw from <see cref="Random.Shared"/>.</summary>
    public MaglevLoadBalancer(IReadOnlyList<IHost> hosts)
        : this(hosts, 0, Random.Shared)
    {
    }

    /// <summary>Builds a table of <paramref name="tableSize"/> slots (0: by host count; otherwise a prime).</summary>
    internal MaglevLoadBalancer(IReadOnlyList<IHost> hosts, int tableSize, Random random)
    {
        _hosts = [.. hosts];
        _random = random;
        if (tableSize == 0)
        {
            tableSize = _hosts.Length >= LargeTableHostCount ? LargeTableSize : SmallTableSize;
        }

        _table = _hosts.Length == 0 ? [] : BuildTable(_hosts, tableSize);
    }

    /// <inheritdoc />
    public int HostCount => _hosts.Length;

    /// <summary>The number of slots of the table.</summary>
    internal int TableSize => _table.Length;

    /// <inheritdoc />
    public HostCandidates Candidates(ILoadBalancerContext? context)
    {
        if (_hosts.Length <= 1)
        {
            return HostSelection.From(_hosts, 0);
        }

        var slot = context?.HashKey is { } key ? (int)(key % (ulong)_table.Length) : _random.Next(_table.Length);
        return new HostCandidates(_hosts, _table[slot]);
    }

    /// <inheritdoc />
    public IHost? ChooseHost(ILoadBalancerContext? context) => Candidates(context).FirstAcceptable(context);

    private static int[] BuildTable(IHost[] hosts, int size)
    {
        var count = hosts.Length;
        var offsets = new int[count];
        var skips = new int[count];
        var next = new int[count]; // how far each host has walked its permutation
        var claimed = new long[count];
        var maxWeight = 0;
        for (var i = 0; i < count; i++)
        {
            var address = MemoryMarshal.AsBytes(hosts[i].Address.AsSpan());
            offsets[i] = (int)(XxHash64.Hash(address, OffsetSeed) % (ulong)size);
            skips[i] = (int)(XxHash64.Hash(address, SkipSeed) % (ulong)(size - 1)) + 1;
            maxWeight = Math.Max(maxWeight, HostSelection.WeightOf(hosts[i]));
        }

        var table = new int[size];
        Array.Fill(table, -1);
        var filled = 0;
        for (long round = 1; filled < size; round++)
        {
            for (var i = 0; i < count && filled < size; i++)
            {
                // A host of the largest weight claims a slot every round; one of a third of it every third round.
                if (claimed[i] * maxWeight >= round * HostSelection.WeightOf(hosts[i]))
                {
                    continue;
                }

                int slot;
                do
                {
                    slot = (int)((offsets[i] + ((long)skips[i] * next[i]++)) % size);
                }
                while (table[slot] >= 0);

                table[slot] = i;
                claimed[i]++;
                filled++;
            }
        }

        return table;
    }
}
