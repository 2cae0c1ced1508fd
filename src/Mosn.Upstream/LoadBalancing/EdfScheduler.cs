namespace Mosn.Upstream.LoadBalancing;

/// <summary>
/// An earliest-deadline-first scheduler over host indexes (the scheme of Envoy's and MOSN's weighted balancers): each
/// host waits in a binary heap with the deadline <c>now + 1 / weight</c>; <see cref="PopNext"/> takes the earliest one
/// and advances "now" to its deadline; the caller gives it back with <see cref="Push"/> and the weight it has at that
/// moment. With fixed weights every host gets picks in proportion to its weight, evenly spread; with weights that
/// change with load (<c>weight / (active + 1)</c>, <c>weight / latency</c>) a busy or slow host's next turn recedes.
/// </summary>
/// <remarks>
/// O(log hosts) per pick, allocation-free. Not thread-safe: the balancer holds a lock around
/// <see cref="PopNext"/> and <see cref="Push"/>. Equal deadlines are served in the order the hosts were pushed.
/// </remarks>
internal sealed class EdfScheduler
{
    private const double MinWeight = 1e-12;

    private readonly int[] _heap; // host indexes, a min-heap on (deadline, order)
    private readonly double[] _deadlines; // by host index
    private readonly long[] _orders; // by host index: push sequence number, to break ties first-in first-out
    private int _count;
    private long _sequence;
    private double _now;

    /// <summary>A scheduler with hosts 0 to <paramref name="weights"/>.Length - 1 pushed with their initial weights.</summary>
    public EdfScheduler(ReadOnlySpan<double> weights)
    {
        _heap = new int[weights.Length];
        _deadlines = new double[weights.Length];
        _orders = new long[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            Push(i, weights[i]);
        }
    }

    /// <summary>Removes and returns the host with the earliest deadline. There must be at least one host queued.</summary>
    public int PopNext()
    {
        var top = _heap[0];
        _now = _deadlines[top];
        _count--;
        if (_count > 0)
        {
            _heap[0] = _heap[_count];
            SiftDown(0);
        }

        return top;
    }

    /// <summary>Queues <paramref name="host"/> (popped before) with its current <paramref name="weight"/> (at least 1e-12 is used).</summary>
    public void Push(int host, double weight)
    {
        _deadlines[host] = _now + (1 / Math.Max(MinWeight, weight));
        _orders[host] = _sequence++;
        _heap[_count] = host;
        SiftUp(_count++);
    }

    private bool Earlier(int a, int b) =>
        _deadlines[a] < _deadlines[b] || (_deadlines[a] == _deadlines[b] && _orders[a] < _orders[b]);

    private void SiftUp(int slot)
    {
        var host = _heap[slot];
        while (slot > 0)
        {
            var parent = (slot - 1) / 2;
            if (!Earlier(host, _heap[parent]))
            {
                break;
            }

            _heap[slot] = _heap[parent];
            slot = parent;
        }

        _heap[slot] = host;
    }

    private void SiftDown(int slot)
    {
        var host = _heap[slot];
        while (true)
        {
            var child = (2 * slot) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && Earlier(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!Earlier(_heap[child], host))
            {
                break;
            }

            _heap[slot] = _heap[child];
            slot = child;
        }

        _heap[slot] = host;
    }
}
