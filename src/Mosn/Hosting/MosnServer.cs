using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Network;
using Mosn.Admin;
using Mosn.Abstractions.Streams;
using Mosn.Configuration;
using Mosn.Hosting.Upgrade;
using Mosn.Network;
using Mosn.Network.OriginalDst;
using Mosn.Router;
using Mosn.Upstream;

namespace Mosn.Hosting;

/// <summary>
/// A running proxy built from a <see cref="MosnConfig"/>: route tables, clusters and listeners with their filter chains.
/// </summary>
/// <remarks>
/// Build with <see cref="TryCreate"/> (which validates everything the config refers to and reports every problem with
/// its JSON path), then <see cref="StartAsync(CancellationToken)"/>; <see cref="StopAsync(TimeSpan)"/> drains gracefully.
/// </remarks>
public sealed partial class MosnServer : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly SocketConnectionFactory _connectionFactory;
    private readonly ClusterManager _clusterManager;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ExtensionRegistry _registry;
    private readonly TimeProvider _timeProvider;
    // Replaced as a whole (under _reloadLock) by live reload; read lock-free.
    private volatile ListenerEntry[] _listeners;
    // Listeners with bind_port false: never bound, they serve connections handed over by original-destination listeners.
    private ListenerEntry[] _unbound = [];
    private readonly SemaphoreSlim _reloadLock = new(1, 1);
    private volatile MosnConfig _config;
    private volatile string? _configJson;
    private HashSet<HandoverSocket> _adopted = [];
    private Mosn.Upstream.Clusters.IHostNameResolver? _resolver;
    private MosnMetrics? _metrics;
    private MetricsCollector? _metricsCollector;
    private AdminServer? _admin;
    private volatile ServerState _state = ServerState.PreStart;
    private int _stopped;

    private MosnServer(
        MosnConfig config,
        ILoggerFactory loggerFactory,
        List<ListenerEntry> listeners,
        SocketConnectionFactory connectionFactory,
        ClusterManager clusterManager,
        RouterManager routerManager,
        ExtensionRegistry registry,
        TimeProvider timeProvider)
    {
        _config = config;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<MosnServer>();
        _listeners = [.. listeners];
        _registry = registry;
        _timeProvider = timeProvider;
        _connectionFactory = connectionFactory;
        _clusterManager = clusterManager;
        RouterManager = routerManager;
    }

    /// <summary>The configuration the server runs (replaced by a successful <see cref="ReloadAsync"/>).</summary>
    public MosnConfig Config => _config;

    /// <summary>The route tables.</summary>
    public RouterManager RouterManager { get; }

    /// <summary>The clusters.</summary>
    public ClusterManager ClusterManager => _clusterManager;

    /// <summary>Bound addresses by listener name (after <see cref="StartAsync(CancellationToken)"/>).</summary>
    public IReadOnlyDictionary<string, EndPoint?> ListenerAddresses => _listeners.ToDictionary(l => l.Listener.Name, l => l.Listener.BoundAddress);

    /// <summary>The listeners with their byte counters (a snapshot: live reload replaces the list).</summary>
    internal IReadOnlyList<(SocketListener Listener, ListenerTraffic Traffic)> Traffic => [.. _listeners.Concat(_unbound).Select(l => (l.Listener, l.Traffic))];

    /// <summary>
    /// The JSON text <see cref="Config"/> was loaded from, served (secrets redacted) by the admin API's
    /// <c>/api/v1/config_dump</c>; null (the default) makes that endpoint answer 404. Set it before <see cref="StartAsync(CancellationToken)"/>.
    /// </summary>
    public string? ConfigJson
    {
        get => _configJson;
        set => _configJson = value;
    }

    /// <summary>
    /// The switch the logger factory's minimum level follows (see <see cref="Admin.LogLevelSwitch.Apply"/>), changed by the
    /// admin API's <c>/api/v1/update_loglevel</c>; null (the default) means the level is fixed and that endpoint answers
    /// 501. Set it before <see cref="StartAsync(CancellationToken)"/>.
    /// </summary>
    public LogLevelSwitch? LogLevelSwitch { get; set; }

    /// <summary>The life-cycle stage (MOSN's stage numbering), read by <c>/api/v1/states</c> and <c>/ready</c>. Thread-safe.</summary>
    public ServerState State => _state;

    /// <summary>The admin API's bound address; null when the config has no <c>admin</c> section or before <see cref="StartAsync(CancellationToken)"/>.</summary>
    public IPEndPoint? AdminAddress => _admin?.BoundAddress;

    /// <summary>How long <see cref="StopAsync(TimeSpan)"/> waits for in-flight requests.</summary>
    public TimeSpan DrainTimeout => Config.Servers.Count > 0 ? Config.Servers[0].GracefulTimeout : TimeSpan.FromSeconds(30);

    /// <summary>
    /// Builds the server. Returns null and fills <paramref name="diagnostics"/> when the config refers to unknown
    /// extensions, names missing routers or clusters, or a filter rejects its config.
    /// </summary>
    /// <param name="config">The configuration.</param>
    /// <param name="registry">The extensions it may name.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="timeProvider">The clock (timeouts, health checks, DNS refresh).</param>
    /// <param name="diagnostics">Receives every error and warning with its JSON path.</param>
    /// <param name="resolver">Resolves STRICT_DNS clusters' host names (null: the system resolver); tests pass their own.</param>
    public static MosnServer? TryCreate(MosnConfig config, ExtensionRegistry registry, ILoggerFactory loggerFactory, TimeProvider timeProvider, ConfigDiagnostics diagnostics,
        Mosn.Upstream.Clusters.IHostNameResolver? resolver = null)
    {
        var connectionFactory = new SocketConnectionFactory(loggerFactory);
        var clusterManager = new ClusterManager(registry.Protocols, connectionFactory, registry.LoadBalancers, loggerFactory, timeProvider, resolver);
        var routerManager = new RouterManager();

        for (var i = 0; i < config.ClusterManager.Clusters.Count; i++)
        {
            var cluster = config.ClusterManager.Clusters[i];
            var path = string.IsNullOrEmpty(cluster.JsonPath) ? $"cluster_manager.clusters[{i}]" : cluster.JsonPath;
            if (registry.GetLoadBalancer(cluster.LbType) is null)
            {
                diagnostics.AddError($"{path}.lb_type", $"unknown load balancer \"{cluster.LbType}\" (known: {string.Join(", ", registry.LoadBalancers.Keys)})");
                continue;
            }

            try
            {
                clusterManager.AddOrUpdateCluster(cluster);
            }
            catch (ArgumentException ex)
            {
                diagnostics.AddError(path, ex.Message);
            }
        }

        var listeners = new List<ListenerEntry>();
        var unboundListeners = new List<ListenerEntry>();

        // Original-destination listeners hand connections to the server's listeners, which exist only once it is built.
        var owner = new StrongBox<MosnServer?>();
        IEnumerable<SocketListener> HandOffTargetsOfOwner() => owner.Value?.HandOffTargets() ?? [];
        for (var s = 0; s < config.Servers.Count; s++)
        {
            var server = config.Servers[s];
            for (var r = 0; r < server.Routers.Count; r++)
            {
                var router = server.Routers[r];
                try
                {
                    routerManager.AddOrUpdate(router);
                }
                catch (ArgumentException ex)
                {
                    diagnostics.AddError(string.IsNullOrEmpty(router.JsonPath) ? $"servers[{s}].routers[{r}]" : router.JsonPath, ex.Message);
                }
            }
        }

        for (var s = 0; s < config.Servers.Count; s++)
        {
            var server = config.Servers[s];
            for (var l = 0; l < server.Listeners.Count; l++)
            {
                var listener = server.Listeners[l];
                var path = string.IsNullOrEmpty(listener.JsonPath) ? $"servers[{s}].listeners[{l}]" : listener.JsonPath;
                var built = BuildListener(listener, path, registry, clusterManager, connectionFactory, routerManager, loggerFactory, timeProvider, diagnostics, HandOffTargetsOfOwner);
                if (!listener.BindPort)
                {
                    // MOSN: a listener without bind_port is not bound; it receives the connections that listeners with
                    // use_original_dst (or an original_dst listener filter) hand over by their original destination.
                    if (!diagnostics.Warnings.Any(w => w.Path == $"{path}.bind_port"))
                    {
                        diagnostics.AddWarning($"{path}.bind_port", "bind_port is false: the listener is not bound; it serves only connections handed over by original-destination listeners");
                    }

                    if (built is { } unbound)
                    {
                        unboundListeners.Add(unbound);
                    }

                    continue;
                }

                if (built is { } b)
                {
                    listeners.Add(b);
                }
            }
        }

        if (diagnostics.HasErrors)
        {
            foreach (var entry in listeners.Concat(unboundListeners))
            {
                ReleaseFactories(entry.Chain);
            }

            connectionFactory.Dispose();
            return null;
        }

        var created = new MosnServer(config, loggerFactory, listeners, connectionFactory, clusterManager, routerManager, registry, timeProvider)
        {
            _resolver = resolver,
            _unbound = [.. unboundListeners],
        };
        owner.Value = created;
        clusterManager.IsListenerAddress = created.IsListenerAddress;
        return created;
    }

    /// <summary>Every listener a connection can be handed to by its original destination: the bound ones and the unbound ones.</summary>
    private IEnumerable<SocketListener> HandOffTargets() => _listeners.Concat(_unbound).Select(e => e.Listener);

    /// <summary>The loop guard of ORIGINAL_DST clusters: true when <paramref name="destination"/> reaches one of our bound listeners.</summary>
    private bool IsListenerAddress(IPEndPoint destination)
    {
        foreach (var entry in _listeners)
        {
            if (ListenerAddressMatch.IsListening(entry.Listener, destination))
            {
                return true;
            }
        }

        return false;
    }

    private static ListenerEntry? BuildListener(
        ListenerConfig listener,
        string path,
        ExtensionRegistry registry,
        ClusterManager clusterManager,
        SocketConnectionFactory connectionFactory,
        RouterManager routerManager,
        ILoggerFactory loggerFactory,
        TimeProvider timeProvider,
        ConfigDiagnostics diagnostics,
        Func<IEnumerable<SocketListener>> handOffTargets,
        ListenerTraffic? existingTraffic = null)
    {
        var errors = diagnostics.Errors.Count;
        if (!ConfigAddress.TryParseListenerAddress(listener.Address, listener.Network, out var endPoint, out var addressError))
        {
            diagnostics.AddError($"{path}.address", addressError ?? "invalid address");
        }

        var listenerFilters = BuildListenerFilters(listener, path, endPoint, diagnostics);

        var streamFilters = new List<IStreamFilterChainFactory>();
        var baseContext = new FilterFactoryContext(clusterManager, connectionFactory, routerManager, registry.Protocols, loggerFactory, timeProvider, streamFilters, listener);
        for (var i = 0; i < listener.StreamFilters.Count; i++)
        {
            var f = listener.StreamFilters[i];
            var fpath = string.IsNullOrEmpty(f.JsonPath) ? $"{path}.stream_filters[{i}]" : f.JsonPath;
            var factory = registry.GetStreamFilter(f.Type);
            if (factory is null)
            {
                diagnostics.AddError($"{fpath}.type", $"unknown stream filter \"{f.Type}\" (known: {string.Join(", ", registry.StreamFilterNames)})");
                continue;
            }

            if (factory.CreateFactory(f.Config, $"{fpath}.config", diagnostics, baseContext) is { } created)
            {
                streamFilters.Add(created);
            }
        }

        if (listener.FilterChains.Count == 0 || listener.FilterChains[0].Filters.Count == 0)
        {
            diagnostics.AddError($"{path}.filter_chains", "a listener needs a filter chain with at least one filter");
            return null;
        }

        if (listener.FilterChains.Count > 1)
        {
            diagnostics.AddWarning($"{path}.filter_chains", "only the first filter chain is used (as in MOSN)");
        }

        var chain = new List<IFilterChainFactory>();
        var filters = listener.FilterChains[0].Filters;
        for (var i = 0; i < filters.Count; i++)
        {
            var f = filters[i];
            var fpath = string.IsNullOrEmpty(f.JsonPath) ? $"{path}.filter_chains[0].filters[{i}]" : f.JsonPath;
            var factory = registry.GetNetworkFilter(f.Type);
            if (factory is null)
            {
                diagnostics.AddError($"{fpath}.type", $"unknown network filter \"{f.Type}\" (known: {string.Join(", ", registry.NetworkFilterNames)})");
                continue;
            }

            if (factory.CreateFactory(f.Config, $"{fpath}.config", diagnostics, baseContext) is { } created)
            {
                chain.Add(created);
            }
        }

        if (diagnostics.Errors.Count > errors || endPoint is null)
        {
            ReleaseFactories(chain);
            return null;
        }

        // The byte counters go first: they add a connection event listener, no filter. A reloaded listener keeps its counters.
        var traffic = existingTraffic ?? new ListenerTraffic(listener.Name);
        var options = new SocketListenerOptions
        {
            Name = listener.Name,
            EndPoint = endPoint,
            BufferLimit = listener.PerConnectionBufferLimitBytes,
            IdleTimeout = listener.ConnectionIdleTimeout ?? TimeSpan.FromSeconds(90),
            FilterChain = [traffic, .. chain],
            ListenerFilters = listenerFilters,
            HandOffTargets = listenerFilters.Any(f => f is OriginalDstListenerFilter) ? handOffTargets : null,
        };
        return new ListenerEntry(new SocketListener(options, loggerFactory), chain, traffic, listener);
    }

    /// <summary>
    /// The listener filters of <paramref name="listener"/>: each <c>original_dst</c> entry of <c>listener_filters</c>, or,
    /// when none is listed, one implied by <c>use_original_dst</c> (its mode; MOSN's Istio path). A listed filter
    /// without a <c>type</c> takes the mode of <c>use_original_dst</c>, else <c>redirect</c>. Other types are errors.
    /// </summary>
    private static List<IListenerFilter> BuildListenerFilters(ListenerConfig listener, string path, EndPoint? endPoint, ConfigDiagnostics diagnostics)
    {
        var filters = new List<IListenerFilter>();
        var mode = string.Equals(listener.UseOriginalDst, "tproxy", StringComparison.OrdinalIgnoreCase) ? OriginalDstMode.TProxy : OriginalDstMode.Redirect;
        for (var i = 0; i < listener.ListenerFilters.Count; i++)
        {
            var f = listener.ListenerFilters[i];
            var fpath = string.IsNullOrEmpty(f.JsonPath) ? $"{path}.listener_filters[{i}]" : f.JsonPath;
            if (f.Type != OriginalDstListenerFilter.TypeName)
            {
                diagnostics.AddError($"{fpath}.type", $"unknown listener filter \"{f.Type}\" (known: {OriginalDstListenerFilter.TypeName})");
                continue;
            }

            if (OriginalDstListenerFilter.Create(f.Config, $"{fpath}.config", diagnostics, mode) is { } filter)
            {
                filters.Add(filter);
            }
        }

        if (listener.UseOriginalDst is not null && !listener.ListenerFilters.Any(f => f.Type == OriginalDstListenerFilter.TypeName))
        {
            filters.Add(new OriginalDstListenerFilter(mode));
        }

        if (filters.Count > 0 && endPoint is not null and not IPEndPoint)
        {
            diagnostics.AddError(listener.UseOriginalDst is not null ? $"{path}.use_original_dst" : $"{path}.listener_filters", "original destination needs a TCP listener (network \"tcp\")");
        }

        return filters;
    }

    /// <summary>
    /// Publishes the metrics (<see cref="System.Diagnostics.Metrics.Meter"/> "Mosn"), binds and starts every listener, then
    /// the admin API when the config has an <c>admin</c> section. Throws <see cref="InvalidOperationException"/> when an
    /// address cannot be bound (names the listener, or the admin API).
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken) => StartAsync(null, cancellationToken);

    /// <summary>
    /// As <see cref="StartAsync(CancellationToken)"/>, adopting the listening sockets of the process being upgraded: a
    /// listener (or the admin API) whose address matches one of <paramref name="inherited"/> accepts on that socket
    /// instead of binding. The caller disposes the sockets left unused (see <see cref="HandoverSocket"/>).
    /// </summary>
    internal async Task StartAsync(IReadOnlyList<HandoverSocket>? inherited, CancellationToken cancellationToken)
    {
        _state = ServerState.Starting;
        _metrics = new MosnMetrics(() => Traffic, _clusterManager, MosnApplication.Version,
            () => _listeners.SelectMany(e => e.Chain.OfType<Mosn.Filters.TcpProxy.ITcpProxyStatsProvider>().Select(p => (e.Listener.Name, p.Stats))));
        _metricsCollector = new MetricsCollector(_metrics.Meter);
        var adopted = new HashSet<HandoverSocket>();
        _adopted = adopted;
        foreach (var entry in _listeners)
        {
            var socket = Adopt(inherited, HandoverSocket.ListenerKind, entry.Listener.CurrentOptions.EndPoint, adopted);
            await StartListenerAsync(entry.Listener, socket, cancellationToken);
        }

        WarmUpPools(Config);
        _state = ServerState.AfterStart;
        if (Config.Admin is { } admin)
        {
            var endPoint = new IPEndPoint(IPAddress.Parse(admin.Address), admin.Port);
            _admin = new AdminServer(this, _metricsCollector, admin, _loggerFactory, Adopt(inherited, HandoverSocket.AdminKind, endPoint, adopted));
            await _admin.StartAsync(cancellationToken);
        }

        _state = ServerState.Running;
    }

    /// <summary>
    /// Creates, for every cluster a listener's proxy filter routes to with a protocol known before any request, that
    /// cluster's pools for the protocol (<see cref="ClusterManager.WarmUp"/>), so that <c>min_connections</c> preconnect
    /// starts now instead of with the first request. Idempotent; clusters without <c>min_connections</c> get no pool.
    /// </summary>
    private void WarmUpPools(MosnConfig config)
    {
        var routers = config.Servers.SelectMany(s => s.Routers).ToList();
        foreach (var entry in _listeners.Concat(_unbound))
        {
            foreach (var factory in entry.Chain)
            {
                foreach (var (cluster, protocol) in Mosn.Proxy.ProxyWarmUp.Targets(factory, routers))
                {
                    _clusterManager.WarmUp(cluster, protocol);
                }
            }
        }
    }

    private static Socket? Adopt(IReadOnlyList<HandoverSocket>? inherited, string kind, EndPoint endPoint, HashSet<HandoverSocket> adopted)
    {
        if (inherited is null)
        {
            return null;
        }

        foreach (var candidate in inherited)
        {
            if (candidate.Kind == kind && candidate.Matches(endPoint) && adopted.Add(candidate))
            {
                return candidate.Socket;
            }
        }

        return null;
    }

    private static async Task StartListenerAsync(SocketListener listener, Socket? inherited, CancellationToken cancellationToken)
    {
        try
        {
            await listener.StartAsync(inherited, cancellationToken);
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidOperationException)
        {
            throw new InvalidOperationException($"listener \"{listener.Name}\": cannot bind: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Graceful stop: stop accepting, let in-flight requests finish (HTTP/1 connections close after their response,
    /// HTTP/2 and RPC connections get GOAWAY), wait up to <paramref name="drainTimeout"/>, then close what is left.
    /// </summary>
    public Task StopAsync(TimeSpan drainTimeout) => StopAsync(drainTimeout, handedOver: false);

    /// <summary>
    /// As <see cref="StopAsync(TimeSpan)"/>; with <paramref name="handedOver"/> the listening sockets are left open (another
    /// process accepts on them now: see <see cref="SocketListener.DetachAsync"/>).
    /// </summary>
    internal async Task StopAsync(TimeSpan drainTimeout, bool handedOver)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _reloadLock.WaitAsync();
        _state = ServerState.PreStop;
        Log.Stopping(_logger, drainTimeout);
        ListenerEntry[] listeners = [.. _listeners, .. _unbound];
        foreach (var entry in listeners)
        {
            await (handedOver ? entry.Listener.DetachAsync() : entry.Listener.StopAcceptingAsync());
        }

        // The admin API stops with the listeners on an upgrade (its socket is the new process's now); otherwise it answers
        // /ready with 503 while the proxy drains.
        if (handedOver && _admin is not null)
        {
            await _admin.DisposeAsync();
            _admin = null;
        }

        foreach (var entry in listeners)
        {
            BeginDrain(entry.Chain);
        }

        _state = ServerState.Stopping;
        var deadline = Environment.TickCount64 + (long)drainTimeout.TotalMilliseconds;
        var graceEnd = Environment.TickCount64 + (long)Math.Min(DrainGrace.TotalMilliseconds, drainTimeout.TotalMilliseconds);
        while (Environment.TickCount64 < deadline && (ActiveRequests() > 0 || (Environment.TickCount64 < graceEnd && AnyConnection(listeners))))
        {
            await Task.Delay(20);
        }

        var left = ActiveRequests();
        if (left > 0)
        {
            Log.DrainTimedOut(_logger, left);
        }

        var closing = new List<Task>();
        foreach (var entry in listeners)
        {
            foreach (var connection in entry.Listener.ActiveConnections)
            {
                connection.Close(left > 0 ? ConnectionCloseType.NoFlush : ConnectionCloseType.FlushWrite, ConnectionEvent.OnShutdown);
                closing.Add(connection.Completion);
            }
        }

        await Task.WhenAll(closing).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(static _ => { }, TaskScheduler.Default);
        foreach (var entry in listeners)
        {
            await entry.Listener.DisposeAsync();
        }

        // Filter factories own per-listener resources (the proxy's access logs: flushed and closed here).
        foreach (var entry in listeners)
        {
            await DisposeFactoriesAsync(entry.Chain);
        }

        await WaitForRetiredAsync();
        _state = ServerState.AfterStop;
        await _clusterManager.DisposeAsync();
        _connectionFactory.Dispose();
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        _metricsCollector?.Dispose();
        _metrics?.Dispose();
        _state = ServerState.Stopped;
        var requests = Mosn.Proxy.ProxyStats.Instance.Requests;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        Log.Stopped(_logger, requests, allocated, requests == 0 ? 0 : allocated / requests);
    }

    /// <summary>True when a listener or the admin API accepts on <paramref name="socket"/> (received at start from the process being upgraded).</summary>
    internal bool Adopted(Socket socket) => _adopted.Any(h => h.Socket == socket);

    /// <summary>
    /// The listening sockets to hand to a new process (hot upgrade): every started listener's, and the admin API's.
    /// </summary>
    internal IReadOnlyList<HandoverSocket> GetHandoverSockets()
    {
        var sockets = new List<HandoverSocket>();
        foreach (var entry in _listeners)
        {
            if (entry.Listener.ListenSocket is { } socket && entry.Listener.BoundAddress is { } address)
            {
                sockets.Add(new HandoverSocket(HandoverSocket.ListenerKind, entry.Listener.Name, HandoverSocket.FormatAddress(address), socket));
            }
        }

        if (_admin?.ListenSocket is { } admin && _admin.BoundAddress is { } adminAddress)
        {
            sockets.Add(new HandoverSocket(HandoverSocket.AdminKind, "admin", HandoverSocket.FormatAddress(adminAddress), admin));
        }

        return sockets;
    }

    private static void BeginDrain(IReadOnlyList<IFilterChainFactory> chain)
    {
        foreach (var factory in chain)
        {
            (factory as IDrainable)?.BeginDrain();
        }
    }

    private static async Task DisposeFactoriesAsync(IReadOnlyList<IFilterChainFactory> chain)
    {
        foreach (var factory in chain)
        {
            if (factory is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    /// <summary>Releases the factories of a listener that will not run (config errors). Nothing was served: this does not wait on traffic.</summary>
    private static void ReleaseFactories(IReadOnlyList<IFilterChainFactory> chain)
    {
        foreach (var factory in chain)
        {
            if (factory is IAsyncDisposable disposable)
            {
                disposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>
    /// How long a drain keeps connections open even with no request in flight: multiplexed connections got GOAWAY and
    /// may still carry a stream the codec accepted just before; HTTP/1 clients get time to see their connection close.
    /// </summary>
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(1);

    private static bool AnyConnection(IEnumerable<ListenerEntry> listeners) => listeners.Any(e => e.Listener.ActiveConnections.Count > 0);

    private int ActiveRequests()
    {
        var n = 0;
        foreach (var entry in _listeners.Concat(_unbound))
        {
            n += ActiveRequests(entry.Chain);
        }

        return n;
    }

    private static int ActiveRequests(IReadOnlyList<IFilterChainFactory> chain)
    {
        var n = 0;
        foreach (var factory in chain)
        {
            if (factory is IDrainable d)
            {
                n += d.ActiveRequests;
            }
        }

        return n;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(StopAsync(TimeSpan.Zero));

    private static partial class Log
    {
        [LoggerMessage(3001, LogLevel.Information, "Stopping: draining in-flight requests for up to {Timeout}")]
        public static partial void Stopping(ILogger logger, TimeSpan timeout);

        [LoggerMessage(3002, LogLevel.Warning, "Drain timeout: {Count} requests still in flight are cut")]
        public static partial void DrainTimedOut(ILogger logger, int count);

        [LoggerMessage(3004, LogLevel.Error, "Reload rejected, the running configuration keeps serving: {Count} error(s): {Errors}")]
        public static partial void ReloadRejected(ILogger logger, int count, string errors);

        [LoggerMessage(3005, LogLevel.Information, "Configuration reloaded: {Changes}")]
        public static partial void Reloaded(ILogger logger, string changes);

        [LoggerMessage(3003, LogLevel.Information, "Stopped: {Requests} requests proxied; {Allocated} bytes allocated by the process ({PerRequest} per request, start-up included)")]
        public static partial void Stopped(ILogger logger, long requests, long allocated, long perRequest);
    }
}
