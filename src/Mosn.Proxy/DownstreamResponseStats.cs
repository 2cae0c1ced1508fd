using System.Collections.Concurrent;

namespace Mosn.Proxy;

/// <summary>
/// Per downstream protocol: responses by status class (1xx to 5xx; RPC statuses as the protocol maps them to HTTP) and a
/// histogram of request durations (from the request headers to the end of the exchange), in fixed buckets.
/// </summary>
/// <remarks>
/// One instance per protocol name for the process (<see cref="For"/>), looked up once per downstream connection.
/// <see cref="Record"/> is lock-free and allocation-free: a few <see cref="Interlocked"/> increments. Readers see each
/// counter atomically but not the set as one snapshot (a scrape may see a count one ahead of its bucket).
/// </remarks>
public sealed class DownstreamResponseStats
{
    private static readonly ConcurrentDictionary<string, DownstreamResponseStats> ByProtocol = new(StringComparer.Ordinal);

    private readonly long[] _classes = new long[6];
    private readonly long[] _buckets = new long[BucketBounds.Count + 1];
    private long _count;
    private long _sumMicroseconds;
    private long _unanswered;

    private DownstreamResponseStats(string protocol)
    {
        Protocol = protocol;
    }

    /// <summary>Upper bounds of the duration buckets, in seconds (Prometheus' defaults from 1 ms); the last bucket is +Inf.</summary>
    public static IReadOnlyList<double> BucketBounds { get; } = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>The stats of every protocol seen so far.</summary>
    public static IReadOnlyCollection<DownstreamResponseStats> All => (IReadOnlyCollection<DownstreamResponseStats>)ByProtocol.Values;

    /// <summary>The protocol name (e.g. <c>Http1</c>, <c>bolt</c>).</summary>
    public string Protocol { get; }

    /// <summary>Exchanges recorded (answered or not).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Sum of the recorded durations, seconds.</summary>
    public double SumSeconds => Interlocked.Read(ref _sumMicroseconds) / 1e6;

    /// <summary>Exchanges that ended without a response status sent (reset, client gone).</summary>
    public long Unanswered => Interlocked.Read(ref _unanswered);

    /// <summary>The stats of <paramref name="protocol"/>, created on first use. Thread-safe.</summary>
    public static DownstreamResponseStats For(string protocol) => ByProtocol.GetOrAdd(protocol, static p => new DownstreamResponseStats(p));

    /// <summary>Responses of status class <paramref name="statusClass"/> (1 to 5).</summary>
    public long Responses(int statusClass) => statusClass is >= 1 and <= 5 ? Interlocked.Read(ref _classes[statusClass]) : 0;

    /// <summary>Exchanges that took at most <see cref="BucketBounds"/>[<paramref name="bucket"/>] (not cumulative); the bucket after the last bound is +Inf.</summary>
    public long Bucket(int bucket) => Interlocked.Read(ref _buckets[bucket]);

    /// <summary>Records one finished exchange: its response status (0 when none was sent) and its duration.</summary>
    public void Record(int status, TimeSpan elapsed)
    {
        var statusClass = status / 100;
        if (statusClass is >= 1 and <= 5)
        {
            Interlocked.Increment(ref _classes[statusClass]);
        }
        else
        {
            Interlocked.Increment(ref _unanswered);
        }

        var seconds = Math.Max(0, elapsed.TotalSeconds);
        var bounds = BucketBounds;
        var bucket = 0;
        while (bucket < bounds.Count && seconds > bounds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _buckets[bucket]);
        Interlocked.Add(ref _sumMicroseconds, (long)(seconds * 1e6));
        Interlocked.Increment(ref _count);
    }
}
