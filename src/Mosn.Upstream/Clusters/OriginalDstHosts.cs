using System.Collections.Concurrent;
using System.Net;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.Clusters;

/// <summary>
/// The hosts of one version of an <c>ORIGINAL_DST</c> cluster, created on demand, one per destination address, and
/// removed when unused (Envoy's original destination cluster).
/// </summary>
/// <remarks>
/// <para>Life of a host: the first request for an address creates it (<see cref="GetOrAdd"/>); later requests for the
/// same address get the same host object, hence the same connection pools. Every
/// <see cref="OriginalDstLbConfig.CleanupInterval"/> a sweep removes the hosts no request chose since the previous
/// sweep and reports each through the removal callback (the cluster manager drains its pools: idle connections close at
/// once, busy ones after their streams). A request that chose a host just as it was swept away is still served: the
/// manager gives it a one-off pool.</para>
/// <para>Threading: lookups are lock-free (<see cref="ConcurrentDictionary{TKey, TValue}"/>); the sweep runs on a timer
/// of the cluster's <see cref="TimeProvider"/>. <see cref="Dispose"/> (when the version is replaced or removed) stops the
/// sweep; the version's pools are drained by the manager then.</para>
/// </remarks>
internal sealed class OriginalDstHosts : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    private readonly ConcurrentDictionary<IPEndPoint, OriginalDstEntry> _entries = new();
    private readonly ClusterInfo _info;
    private readonly Action<OriginalDstHosts, string> _onRemoved;
    private readonly Func<IPEndPoint, bool> _isOwnAddress;
    private readonly Lock _timerLock = new();
    private ITimer? _timer;
    private bool _disposed;

    /// <summary>Creates the host map of one cluster version and starts its sweep.</summary>
    /// <param name="info">The version's info (the hosts' cluster; it gets this map as <see cref="ClusterInfo.OriginalDstHosts"/>).</param>
    /// <param name="config">The cluster's original-destination settings.</param>
    /// <param name="timeProvider">The clock of the sweep.</param>
    /// <param name="onRemoved">Called (on the sweep's thread) with this map and the address of each host removed.</param>
    /// <param name="isOwnAddress">The loop guard: true for an address this proxy listens on.</param>
    public OriginalDstHosts(ClusterInfo info, OriginalDstLbConfig config, TimeProvider timeProvider,
        Action<OriginalDstHosts, string> onRemoved, Func<IPEndPoint, bool> isOwnAddress)
    {
        _info = info;
        Config = config;
        _onRemoved = onRemoved;
        _isOwnAddress = isOwnAddress;
        info.OriginalDstHosts = this;

        // A one-shot timer re-armed after each sweep: sweeps never overlap, and a slow one delays the next.
        _timer = timeProvider.CreateTimer(static s => ((OriginalDstHosts)s!).OnTimer(), this, config.CleanupInterval, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The cluster's name.</summary>
    public string ClusterName => _info.Name;

    /// <summary>The cluster's settings (header, <c>replace_local</c>, cleanup interval).</summary>
    public OriginalDstLbConfig Config { get; }

    /// <summary>Number of hosts now.</summary>
    public int Count => _entries.Count;

    /// <summary>The hosts now (a snapshot; for metrics and tests).</summary>
    public IReadOnlyList<IHost> Hosts => [.. _entries.Values.Select(e => e.Host)];

    /// <summary>True when <paramref name="destination"/> is one of this proxy's own listener addresses (connecting would loop).</summary>
    public bool IsOwnAddress(IPEndPoint destination) => _isOwnAddress(destination);

    /// <summary>
    /// The entry for <paramref name="destination"/> (normalised by the caller), created on first use; marks it used.
    /// Thread-safe; allocation-free when the entry exists.
    /// </summary>
    public OriginalDstEntry GetOrAdd(IPEndPoint destination)
    {
        var entry = _entries.GetOrAdd(destination, static (address, self) => self.Create(address), this);
        entry.MarkUsed();
        return entry;
    }

    /// <summary>The current host of <paramref name="address"/> (as formatted by <see cref="OriginalDstAddress.Format"/>), if any.</summary>
    public bool TryGet(string address, out Host host)
    {
        if (IPEndPoint.TryParse(address, out var endPoint) && _entries.TryGetValue(endPoint, out var entry))
        {
            host = entry.Host;
            return true;
        }

        host = null!;
        return false;
    }

    /// <summary>
    /// Removes the hosts that no request chose since the previous sweep and reports them; the others start a new
    /// interval. Returns how many were removed. Called by the timer; tests may call it directly.
    /// </summary>
    public int Sweep()
    {
        var removed = 0;
        foreach (var (address, entry) in _entries)
        {
            if (entry.TakeUsed())
            {
                continue;
            }

            // Only this entry: a request may have replaced it meanwhile (after an earlier removal).
            if (_entries.TryRemove(new KeyValuePair<IPEndPoint, OriginalDstEntry>(address, entry)))
            {
                removed++;
                _onRemoved(this, entry.Host.Address);
            }
        }

        return removed;
    }

    /// <summary>Stops the sweep. Idempotent. The hosts stay readable (requests in flight keep them).</summary>
    public void Dispose()
    {
        lock (_timerLock)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    private OriginalDstEntry Create(IPEndPoint address) =>
        new(new Host(OriginalDstAddress.Format(address), address, null, 1, NoMetadata, _info, new HostStats()));

    private void OnTimer()
    {
        Sweep();
        lock (_timerLock)
        {
            if (!_disposed)
            {
                _timer?.Change(Config.CleanupInterval, Timeout.InfiniteTimeSpan);
            }
        }
    }
}
