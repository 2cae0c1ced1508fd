using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Upstream;
using Mosn.Upstream.Clusters;
using Mosn.Upstream.ConnectionPools;
using Mosn.Upstream.HealthChecking;
using Mosn.Upstream.Outlier;

namespace Mosn.Upstream;

/// <summary>
/// Holds the clusters (as immutable snapshots) and the upstream connection pools.
/// </summary>
/// <remarks>
/// <para>Reads are lock-free: <see cref="GetClusterSnapshot"/> reads one immutable name→snapshot map published with a
/// volatile write; <see cref="GetConnectionPool"/> is a concurrent-dictionary lookup once the pool exists. Updates
/// (<see cref="AddOrUpdateCluster"/>, <see cref="RemoveCluster"/>) are serialized by one lock, build the new snapshot
/// completely (a config error changes nothing), then swap it in; requests in flight keep the snapshot they read.</para>
/// <para>Pools are shared per (cluster, host address, protocol), not across clusters as MOSN does by default, because a
/// pool obeys its cluster's limits and timeouts. On an update, pools of addresses still in the cluster are kept (and
/// follow the new settings); pools of removed addresses are drained: no new streams, idle connections closed now, busy
/// ones when their streams end. A request that still holds an old snapshot and asks for a removed host's pool gets
/// a one-off pool that closes its connection after the stream.</para>
/// <para>Host counters (<see cref="IHost.Stats"/>) and cluster counters carry over to the next version of a cluster
/// for the same address / cluster name, and so does a host's health (failed active check, outlier ejection) while the
/// new version still configures that kind of checking.</para>
/// <para>Health: a cluster with <c>health_check</c> gets an active checker per host and one with
/// <c>outlier_detection</c> an outlier detector; both start with the version and stop when it is replaced, removed or
/// the manager is disposed. An unhealthy host is skipped by the balancers at once (<see cref="IHost.IsHealthy"/>);
/// then, on a thread-pool work item (never on the thread that reported it, which may hold the proxy's locks), the
/// cluster's snapshot is republished with <see cref="IHostSet.HealthyHosts"/> and the balancer rebuilt, so that a
/// returning host gets traffic again and the others share the failed host's part evenly.</para>
/// <para>Slow start (<c>slow_start</c>): a host address that joins a running cluster, or whose health flags clear, is
/// stamped "active since now" in its shared health; the EDF balancers built from then on scale its weight by the time
/// since (see <c>SlowStartWeights</c>), re-reading it at each pick, so no timer or rebuild is needed during the window.</para>
/// <para>Warm-up: <see cref="WarmUp"/> creates a cluster's pools for a protocol before any request, so that
/// <c>min_connections</c> preconnect starts at once; the host calls it for each listener's upstream protocol.</para>
/// </remarks>
public sealed partial class ClusterManager : IClusterManager, IAsyncDisposable
{
    private const int MinHostWeight = 1;
    private const int MaxHostWeight = 128;

    private readonly IProtocolRegistry _protocols;
    private readonly IConnectionFactory _connectionFactory;
    private readonly IReadOnlyDictionary<string, ILoadBalancerFactory> _loadBalancers;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ILogger _pingPongPoolLogger;
    private readonly ILogger _multiplexPoolLogger;
    private readonly ILogger _healthLogger;
    private readonly ILogger _outlierLogger;
    private readonly Lock _updateLock = new();
    private readonly IHostNameResolver _resolver;
    private readonly ILogger _dnsLogger;
    // STRICT_DNS clusters' refresh loops by cluster name (under _updateLock).
    private readonly Dictionary<string, StrictDnsRefresher> _dnsRefreshers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<PoolKey, IManagedConnectionPool> _pools = new();
    // The protocols WarmUp was asked for, by cluster name (under _updateLock): new hosts of later versions are warmed too.
    private readonly Dictionary<string, List<IProtocol>> _warmProtocols = new(StringComparer.Ordinal);
    // Never mutated after publication; replaced as a whole under _updateLock.
    private volatile Dictionary<string, ClusterSnapshot> _clusters = new(StringComparer.Ordinal);
    private volatile Func<IPEndPoint, bool>? _isListenerAddress;
    private bool _disposed;

    /// <summary>Creates an empty cluster manager.</summary>
    /// <param name="protocols">Protocols by name, for the pools' client stream connections.</param>
    /// <param name="connectionFactory">Opens upstream connections.</param>
    /// <param name="loadBalancers">Balancer factories by <c>lb_type</c> (see <see cref="LoadBalancerTypes"/>).</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="timeProvider">Clock for the pools' pending-request waits, health-check intervals and outlier ejections.</param>
    /// <param name="resolver">Resolves the host names of <c>STRICT_DNS</c> clusters (null: the system resolver).</param>
    public ClusterManager(IProtocolRegistry protocols, IConnectionFactory connectionFactory,
        IReadOnlyDictionary<string, ILoadBalancerFactory> loadBalancers, ILoggerFactory loggerFactory, TimeProvider timeProvider,
        IHostNameResolver? resolver = null)
    {
        _resolver = resolver ?? SystemHostNameResolver.Instance;
        _dnsLogger = loggerFactory.CreateLogger<StrictDnsRefresher>();
        ArgumentNullException.ThrowIfNull(protocols);
        ArgumentNullException.ThrowIfNull(connectionFactory);
        ArgumentNullException.ThrowIfNull(loadBalancers);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _protocols = protocols;
        _connectionFactory = connectionFactory;
        _loadBalancers = loadBalancers;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<ClusterManager>();
        _pingPongPoolLogger = loggerFactory.CreateLogger<PingPongConnectionPool>();
        _multiplexPoolLogger = loggerFactory.CreateLogger<MultiplexConnectionPool>();
        _healthLogger = loggerFactory.CreateLogger<ClusterHealthChecker>();
        _outlierLogger = loggerFactory.CreateLogger<OutlierDetector>();
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> ClusterNames => _clusters.Keys;

    /// <summary>
    /// The loop guard of <c>ORIGINAL_DST</c> clusters: true when an address is one of this proxy's own listening
    /// addresses, so that a request whose original destination is the proxy itself is refused (503) instead of
    /// connecting back to it. Set by the host that owns the listeners (null: no guard). Called on the data path, on
    /// any thread: it must be thread-safe, cheap and never throw. Can be replaced at any time.
    /// </summary>
    public Func<IPEndPoint, bool>? IsListenerAddress
    {
        get => _isListenerAddress;
        set => _isListenerAddress = value;
    }

    /// <summary>
    /// The cluster's pools summed now (for metrics): requests waiting for a connection, and idle connections. Reads each
    /// pool's counters under its own lock; not for the data path.
    /// </summary>
    public (int Pending, int Idle) PoolTotals(string clusterName) => PoolTotals(clusterName, hostAddress: null);

    /// <summary>
    /// As <see cref="PoolTotals(string)"/>, for the pools of one host of the cluster (all its protocols); every host's
    /// when <paramref name="hostAddress"/> is null.
    /// </summary>
    public (int Pending, int Idle) PoolTotals(string clusterName, string? hostAddress)
    {
        int pending = 0, idle = 0;
        foreach (var (key, pool) in _pools)
        {
            if (key.Cluster == clusterName && (hostAddress is null || key.Address == hostAddress))
            {
                pending += pool.PendingCount;
                idle += pool.IdleCount;
            }
        }

        return (pending, idle);
    }

    /// <summary>
    /// Creates the connection pools of every configured host of <paramref name="clusterName"/> for
    /// <paramref name="protocol"/>, so that the cluster's <c>min_connections</c> preconnect starts now rather than with the
    /// first request (pools are per host and protocol, and the protocol is known only to the listeners that route to the
    /// cluster). The protocol is remembered: hosts that join the cluster later (a config update, a DNS answer) get their
    /// pools warmed too, until the cluster is removed. Idempotent: existing pools are kept. Creates nothing for a cluster
    /// whose <c>min_connections</c> is 0, or an <c>ORIGINAL_DST</c> cluster (no configured hosts). Thread-safe; does not
    /// wait for the connections (they open in the background, failed ones are retried with a growing delay).
    /// </summary>
    /// <param name="clusterName">The cluster.</param>
    /// <param name="protocol">A registered protocol name (case-insensitive), the one requests to the cluster will use.</param>
    /// <returns>The number of pools this call created; 0 when the cluster does not exist, the manager is disposed, or
    /// every pool existed already.</returns>
    /// <exception cref="ArgumentException"><paramref name="protocol"/> is not registered (a configuration error).</exception>
    public int WarmUp(string clusterName, string protocol)
    {
        ArgumentNullException.ThrowIfNull(clusterName);
        ArgumentNullException.ThrowIfNull(protocol);
        if (!_protocols.TryGet(protocol, out var registered))
        {
            throw new ArgumentException($"No protocol named '{protocol}' is registered.", nameof(protocol));
        }

        int created;
        lock (_updateLock)
        {
            if (_disposed || !_clusters.TryGetValue(clusterName, out var cluster))
            {
                return 0;
            }

            if (!_warmProtocols.TryGetValue(clusterName, out var warm))
            {
                _warmProtocols[clusterName] = warm = [];
            }

            if (!warm.Exists(p => string.Equals(p.Name, registered.Name, StringComparison.OrdinalIgnoreCase)))
            {
                warm.Add(registered);
            }

            created = WarmLocked(cluster, registered);
        }

        if (created > 0)
        {
            Log.WarmedUp(_logger, clusterName, registered.Name, created);
        }

        return created;
    }

    /// <summary>Creates the missing <paramref name="protocol"/> pools of <paramref name="cluster"/>'s hosts (when it preconnects); the number created.</summary>
    private int WarmLocked(ClusterSnapshot cluster, IProtocol protocol)
    {
        var minConnections = cluster.ClusterInfo.MinConnections;
        if (minConnections == 0)
        {
            return 0;
        }

        var created = 0;
        foreach (var host in cluster.HostsByAddress.Values)
        {
            var key = new PoolKey(cluster.Info.Name, host.Address, protocol.Name);
            if (_pools.ContainsKey(key))
            {
                continue;
            }

            var pool = NewPool(host, protocol, retireAfterUse: false);
            _pools[key] = pool;
            pool.SetMinConnections(minConnections);
            created++;
        }

        return created;
    }

    /// <inheritdoc />
    /// <remarks>Lock-free; the returned snapshot never changes.</remarks>
    public IClusterSnapshot? GetClusterSnapshot(string clusterName) => _clusters.GetValueOrDefault(clusterName);

    /// <inheritdoc />
    /// <remarks>
    /// Lock-free once the pool exists; the first call for a key creates it under the update lock: a multiplexed pool
    /// (many streams per connection) for a protocol with <see cref="IProtocol.IsMultiplexed"/>, else a ping-pong pool
    /// (one stream per connection at a time). Throws <see cref="ArgumentException"/> for an unregistered protocol (a
    /// configuration error). After <see cref="DisposeAsync"/> it returns a drained pool, which answers every request with
    /// <see cref="PoolFailureReason.ConnectionFailure"/>.
    /// </remarks>
    public IConnectionPool GetConnectionPool(IHost host, string protocol)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(protocol);
        var key = new PoolKey(host.Cluster.Name, host.Address, protocol);
        return _pools.TryGetValue(key, out var pool) ? pool : CreatePool(key, host);
    }

    /// <inheritdoc />
    /// <remarks>
    /// An <c>ORIGINAL_DST</c> cluster has no configured hosts (its <see cref="ClusterConfig.Hosts"/>, health checking and
    /// subsets are ignored): its <c>LB_ORIGINAL_DST</c> balancer creates a host per destination on demand, and hosts no
    /// request chose for a <see cref="OriginalDstLbConfig.CleanupInterval"/> are removed with their pools drained.
    /// </remarks>
    /// <exception cref="ArgumentException">The config is invalid: no name, unknown <c>lb_type</c>, a bad host address,
    /// or an <c>ORIGINAL_DST</c> cluster without <c>LB_ORIGINAL_DST</c> (or the reverse).</exception>
    public void AddOrUpdateCluster(ClusterConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (string.IsNullOrWhiteSpace(config.Name))
        {
            throw new ArgumentException($"{Where(config)}: a cluster needs a name.", nameof(config));
        }

        if (!_loadBalancers.TryGetValue(config.LbType, out var balancerFactory))
        {
            throw new ArgumentException(
                $"{Where(config)}.lb_type: unknown load balancer '{config.LbType}' (known: {string.Join(", ", _loadBalancers.Keys)}).", nameof(config));
        }

        var originalDst = string.Equals(config.Type, OriginalDstType, StringComparison.OrdinalIgnoreCase);
        if (originalDst != string.Equals(config.LbType, LoadBalancerTypes.OriginalDst, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"{Where(config)}.lb_type: a cluster of type {OriginalDstType} needs lb_type {LoadBalancerTypes.OriginalDst}, and only such a cluster can use it (type '{config.Type}', lb_type '{config.LbType}').", nameof(config));
        }

        if (!originalDst && config.LbSubset is { SubsetSelectors.Count: > 0 } subset)
        {
            balancerFactory = new SubsetLoadBalancerFactory(balancerFactory, subset); // lb_subset_config: the lb_type runs inside each subset
        }

        if (!string.Equals(config.Type, StrictDnsType, StringComparison.OrdinalIgnoreCase))
        {
            Install(config, balancerFactory, refresher: null);
            return;
        }

        // The first answer is awaited (config time, bounded): the cluster starts with hosts, not empty.
        var previousHosts = _clusters.GetValueOrDefault(config.Name)?.Config;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var resolved = StrictDnsResolution.ResolveAsync(config, _resolver, previousHosts, timeout.Token).GetAwaiter().GetResult();
        var refresher = new StrictDnsRefresher(config, resolved, _resolver, _timeProvider, next => ApplyResolved(config, next), _dnsLogger);
        Install(resolved, balancerFactory, refresher, refresherTemplate: config);
    }

    /// <summary>A STRICT_DNS cluster's new answer: installed only while <paramref name="template"/> is still the cluster's config.</summary>
    private void ApplyResolved(ClusterConfig template, ClusterConfig resolved)
    {
        ILoadBalancerFactory? factory;
        lock (_updateLock)
        {
            var current = _clusters.GetValueOrDefault(template.Name);
            if (_disposed || !_dnsRefreshers.ContainsKey(template.Name) || current?.Template != template)
            {
                return;
            }

            // The version being refreshed already holds its balancer factory (lb_type, subsets): reuse it.
            factory = current.BalancerFactory;
        }

        if (factory is not null)
        {
            Install(resolved, factory, refresher: null, template);
        }
    }

    private void Install(ClusterConfig config, ILoadBalancerFactory balancerFactory, StrictDnsRefresher? refresher, ClusterConfig? keepTemplate = null, ClusterConfig? refresherTemplate = null)
    {
        StrictDnsRefresher? stopped = null;
        lock (_updateLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var previous = _clusters.GetValueOrDefault(config.Name);
            var snapshot = BuildSnapshot(config, balancerFactory, previous);
            snapshot.Config = config;
            snapshot.Template = keepTemplate ?? refresherTemplate ?? config;
            var clusters = new Dictionary<string, ClusterSnapshot>(_clusters, StringComparer.Ordinal)
            {
                [config.Name] = snapshot,
            };
            _clusters = clusters;
            if (previous is not null)
            {
                previous.StopMonitors();
                RetargetPoolsLocked(snapshot);
            }

            snapshot.OutlierDetector?.Start(snapshot.HostSet.Hosts.Cast<Host>());
            snapshot.HealthChecker?.Start();
            if (_warmProtocols.TryGetValue(config.Name, out var warm))
            {
                foreach (var protocol in warm)
                {
                    WarmLocked(snapshot, protocol);
                }
            }
            if (keepTemplate is null)
            {
                // A new version of the cluster: its DNS refresh loop (if any) replaces the old one.
                _dnsRefreshers.Remove(config.Name, out stopped);
                if (refresher is not null)
                {
                    _dnsRefreshers[config.Name] = refresher;
                    refresher.Start();
                }
            }
        }

        _ = stopped?.DisposeAsync().AsTask();
        Log.ClusterUpdated(_logger, config.Name, config.Hosts.Count, config.LbType);
    }

    private const string StrictDnsType = "STRICT_DNS";

    /// <summary>The cluster type whose hosts are each request's original destination.</summary>
    internal const string OriginalDstType = "ORIGINAL_DST";

    /// <inheritdoc />
    /// <remarks>The cluster's pools are drained: busy connections finish their streams, then close.</remarks>
    public bool RemoveCluster(string clusterName)
    {
        ArgumentNullException.ThrowIfNull(clusterName);
        lock (_updateLock)
        {
            if (!_clusters.TryGetValue(clusterName, out var removed))
            {
                return false;
            }

            var clusters = new Dictionary<string, ClusterSnapshot>(_clusters, StringComparer.Ordinal);
            clusters.Remove(clusterName);
            _clusters = clusters;
            removed.StopMonitors();
            _warmProtocols.Remove(clusterName);
            if (_dnsRefreshers.Remove(clusterName, out var refresher))
            {
                _ = refresher.DisposeAsync().AsTask();
            }

            foreach (var (key, pool) in _pools)
            {
                if (key.Cluster == clusterName && _pools.TryRemove(key, out _))
                {
                    pool.Drain();
                }
            }
        }

        Log.ClusterRemoved(_logger, clusterName);
        return true;
    }

    /// <summary>Closes every pool's connections (busy ones too) and waits for them; later pool requests fail. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        IManagedConnectionPool[] pools;
        StrictDnsRefresher[] refreshers;
        lock (_updateLock)
        {
            _disposed = true;
            pools = [.. _pools.Values];
            _pools.Clear();
            foreach (var cluster in _clusters.Values)
            {
                cluster.StopMonitors();
            }

            refreshers = [.. _dnsRefreshers.Values];
            _dnsRefreshers.Clear();
        }

        foreach (var refresher in refreshers)
        {
            await refresher.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var pool in pools)
        {
            await pool.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ClusterSnapshot BuildSnapshot(ClusterConfig config, ILoadBalancerFactory balancerFactory, ClusterSnapshot? previous)
    {
        var info = new ClusterInfo(config, previous?.Info.Stats ?? new HostStats(), _timeProvider);
        if (string.Equals(config.Type, OriginalDstType, StringComparison.OrdinalIgnoreCase))
        {
            return BuildOriginalDstSnapshot(config, info, balancerFactory);
        }

        var hosts = new IHost[config.Hosts.Count];
        var byAddress = new Dictionary<string, Host>(StringComparer.Ordinal);
        var name = config.Name;
        Action onHealthChanged = () => ScheduleHealthRebuild(name);
        var outlier = config.OutlierDetection is { } outlierConfig
            ? new OutlierDetector(outlierConfig, _timeProvider, onHealthChanged, _outlierLogger)
            : null;
        for (var i = 0; i < hosts.Length; i++)
        {
            var hostConfig = config.Hosts[i];
            if (!HostAddress.TryParse(hostConfig.Address, out var endPoint, out var error))
            {
                throw new ArgumentException($"{Where(config)}.hosts[{i}].address: {error}.", nameof(config));
            }

            // Same address listed twice, or kept from the previous version: one set of counters.
            var same = byAddress.GetValueOrDefault(hostConfig.Address);
            var old = same is null ? previous?.HostsByAddress.GetValueOrDefault(hostConfig.Address) : null;
            var stats = same?.Stats ?? old?.Stats ?? new HostStats();
            // An address that joins a running cluster starts its slow-start window now; the first version's hosts do not
            // (as in MOSN: there is no established host to shift traffic from).
            var health = same?.Health ?? old?.Health ?? new HostHealth(_timeProvider, joinedNow: previous is not null);
            if (old is not null)
            {
                ForgetUnconfiguredHealth(health, config);
            }

            // MOSN clamps weights into 1..128 rather than rejecting them.
            var weight = Math.Clamp(hostConfig.Weight, MinHostWeight, MaxHostWeight);
            var host = new Host(hostConfig.Address, endPoint, hostConfig.Hostname, weight, hostConfig.Metadata, info, stats, health, outlier);
            hosts[i] = host;
            byAddress.TryAdd(host.Address, host);
        }

        var hostSet = new HostSet(hosts);
        var balancer = balancerFactory.Create(hostSet, info);
        var checker = config.HealthCheck is { } checkConfig
            ? new ClusterHealthChecker(checkConfig, [.. hosts.Cast<Host>()], _connectionFactory, _timeProvider, onHealthChanged, _healthLogger, _protocols)
            : null;
        return new ClusterSnapshot(info, hostSet, balancer, byAddress, balancerFactory, checker, outlier);
    }

    /// <summary>An <c>ORIGINAL_DST</c> version: no configured hosts; its balancer creates them per destination.</summary>
    private ClusterSnapshot BuildOriginalDstSnapshot(ClusterConfig config, ClusterInfo info, ILoadBalancerFactory balancerFactory)
    {
        var dynamicHosts = new OriginalDstHosts(info, config.OriginalDstLb, _timeProvider, OnOriginalDstHostRemoved, IsOwnAddress);
        try
        {
            var hostSet = new HostSet([]);
            return new ClusterSnapshot(info, hostSet, balancerFactory.Create(hostSet, info), new Dictionary<string, Host>(StringComparer.Ordinal));
        }
        catch
        {
            dynamicHosts.Dispose();
            throw;
        }
    }

    private bool IsOwnAddress(IPEndPoint address) => _isListenerAddress?.Invoke(address) ?? false;

    /// <summary>
    /// An <c>ORIGINAL_DST</c> host went unused for a cleanup interval: drains its pools, unless its cluster version was
    /// replaced since (the update drained them) or a request created the address again meanwhile (its pools serve it).
    /// </summary>
    private void OnOriginalDstHostRemoved(OriginalDstHosts owner, string address)
    {
        lock (_updateLock)
        {
            if (_disposed || _clusters.GetValueOrDefault(owner.ClusterName)?.ClusterInfo.OriginalDstHosts != owner || owner.TryGet(address, out _))
            {
                return;
            }

            foreach (var (key, pool) in _pools)
            {
                if (key.Cluster == owner.ClusterName && key.Address == address && _pools.TryRemove(key, out _))
                {
                    pool.Drain();
                }
            }
        }

        Log.OriginalDstHostRemoved(_logger, owner.ClusterName, address);
    }

    /// <summary>A host kept from the previous version loses the health flags of checking the new version no longer does.</summary>
    private static void ForgetUnconfiguredHealth(HostHealth health, ClusterConfig config)
    {
        if (config.HealthCheck is null)
        {
            health.Update(HostHealthFlags.FailedActiveCheck, set: false);
        }

        if (config.OutlierDetection is null)
        {
            health.Update(HostHealthFlags.OutlierEjected, set: false);
            health.ResetCounters();
            health.EjectionMultiplier = 0;
        }
    }

    /// <summary>
    /// Republishes <paramref name="clusterName"/>'s snapshot with its healthy list and balancer rebuilt, on the thread
    /// pool: the caller may be a data-plane thread holding a request's lock, and the rebuild takes the update lock.
    /// </summary>
    private void ScheduleHealthRebuild(string clusterName) =>
        ThreadPool.UnsafeQueueUserWorkItem(static s => s.Manager.RebuildForHealth(s.Name), (Manager: this, Name: clusterName), preferLocal: false);

    /// <summary>Rebuilds the current snapshot of <paramref name="clusterName"/> for its hosts' health now (if it still exists).</summary>
    internal void RebuildForHealth(string clusterName)
    {
        lock (_updateLock)
        {
            if (_disposed || _clusters.GetValueOrDefault(clusterName) is not { } current)
            {
                return;
            }

            var rebuilt = current.WithCurrentHealth();
            _clusters = new Dictionary<string, ClusterSnapshot>(_clusters, StringComparer.Ordinal) { [clusterName] = rebuilt };
        }

        HealthLog.HostSetRebuilt(_logger, clusterName);
    }

    /// <summary>Keeps the pools of addresses still in the cluster (pointing them at the new host) and drains the others.</summary>
    private void RetargetPoolsLocked(ClusterSnapshot snapshot)
    {
        var name = snapshot.Info.Name;
        foreach (var (key, pool) in _pools)
        {
            if (key.Cluster != name)
            {
                continue;
            }

            if (snapshot.HostsByAddress.TryGetValue(key.Address, out var host))
            {
                pool.UpdateHost(host);
                pool.SetMinConnections(snapshot.ClusterInfo.MinConnections);
            }
            else if (_pools.TryRemove(key, out _))
            {
                pool.Drain();
            }
        }
    }

    private IManagedConnectionPool CreatePool(PoolKey key, IHost host)
    {
        if (!_protocols.TryGet(key.Protocol, out var protocol))
        {
            throw new ArgumentException($"No protocol named '{key.Protocol}' is registered.", nameof(key));
        }

        lock (_updateLock)
        {
            if (_pools.TryGetValue(key, out var existing))
            {
                return existing;
            }

            if (_disposed)
            {
                var closed = NewPool(host, protocol, retireAfterUse: false);
                closed.Drain();
                return closed;
            }

            var cluster = _clusters.GetValueOrDefault(key.Cluster);
            Host? current = null;
            if (cluster is null
                || (!cluster.HostsByAddress.TryGetValue(key.Address, out current)
                    && cluster.ClusterInfo.OriginalDstHosts?.TryGet(key.Address, out current) != true))
            {
                // The caller holds a snapshot older than the host's removal: serve it, but keep nothing for later.
                return NewPool(host, protocol, retireAfterUse: true);
            }

            var pool = NewPool(current!, protocol, retireAfterUse: false);
            _pools[key] = pool;
            pool.SetMinConnections(cluster.ClusterInfo.MinConnections);
            return pool;
        }
    }

    private IManagedConnectionPool NewPool(IHost host, IProtocol protocol, bool retireAfterUse) => protocol.IsMultiplexed
        ? new MultiplexConnectionPool(host, protocol, _connectionFactory, _timeProvider, _multiplexPoolLogger, retireAfterUse)
        : new PingPongConnectionPool(host, protocol, _connectionFactory, _timeProvider, _pingPongPoolLogger, retireAfterUse);

    private static string Where(ClusterConfig config) =>
        string.IsNullOrEmpty(config.JsonPath) ? $"cluster '{config.Name}'" : config.JsonPath;
}
