using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Upstream.Clusters;

namespace Mosn.Upstream.HealthChecking;

/// <summary>
/// The active health check of one cluster version (<c>health_check</c>): one <see cref="HostHealthChecker"/> per host
/// address, started with the version and stopped when the cluster is updated, removed, or the manager is disposed.
/// </summary>
/// <remarks>
/// The session follows MOSN's <c>protocol</c> key, which names the checker: <c>Http1</c> (any case) with an
/// <c>http_check_config</c> runs <see cref="HttpCheckSession"/>; the name of a registered protocol with a heartbeat
/// (<see cref="IHeartbeatProtocol"/>: <c>bolt</c>, <c>boltv2</c>, <c>dubbo</c>; MOSN's older <c>SofaRpc</c> means
/// <c>bolt</c>) runs <see cref="HeartbeatCheckSession"/>; everything else, no protocol included, runs
/// <see cref="TcpConnectSession"/> (MOSN's fallback for protocols without a checker). Thread-safe: <see cref="Start"/>
/// and <see cref="Dispose"/> may race; a stopped checker never restarts.
/// </remarks>
internal sealed class ClusterHealthChecker : IDisposable
{
    private const string Http1Protocol = "Http1";
    private const string SofaRpcProtocol = "SofaRpc";

    private readonly HostHealthChecker[] _checkers;
    private readonly ILogger _logger;
    private readonly string _cluster;
    private readonly HealthCheckConfig _config;
    private readonly IHeartbeatProtocol? _heartbeat;

    /// <summary>Creates the checkers (not started).</summary>
    /// <param name="config">The cluster's <c>health_check</c>.</param>
    /// <param name="hosts">The cluster version's hosts; an address listed twice is checked once.</param>
    /// <param name="connectionFactory">Opens probe connections.</param>
    /// <param name="timeProvider">Drives intervals and timeouts.</param>
    /// <param name="onHealthChanged">Called when a host becomes unhealthy or healthy.</param>
    /// <param name="logger">Logs state changes.</param>
    /// <param name="protocols">
    /// The registered protocols, where an RPC <c>protocol</c> finds its heartbeat; null: no heartbeat checks (an RPC
    /// protocol then falls back to the TCP connect check, as an unknown one does).
    /// </param>
    public ClusterHealthChecker(HealthCheckConfig config, IReadOnlyList<Host> hosts, IConnectionFactory connectionFactory,
        TimeProvider timeProvider, Action onHealthChanged, ILogger logger, IProtocolRegistry? protocols = null)
    {
        _config = config;
        _logger = logger;
        _cluster = hosts.Count > 0 ? hosts[0].Cluster.Name : "";
        _heartbeat = UsesHttp(config) ? null : FindHeartbeat(config.Protocol, protocols);
        var timeout = ProbeTimeout(config);
        _checkers = [.. hosts.DistinctBy(h => h.Health).Select(host => new HostHealthChecker(
            host, CreateSession(host, connectionFactory, timeout), config, timeout, timeProvider, onHealthChanged, logger))];
    }

    /// <summary>The per-host checkers (tests).</summary>
    internal IReadOnlyList<HostHealthChecker> Checkers => _checkers;

    /// <summary>True when probes are HTTP requests rather than TCP connects.</summary>
    public bool IsHttp => UsesHttp(_config);

    /// <summary>True when probes are the RPC protocol's heartbeats.</summary>
    public bool IsHeartbeat => _heartbeat is not null;

    /// <summary>Starts every host's checker.</summary>
    public void Start()
    {
        var session = IsHttp ? "HTTP" : IsHeartbeat ? $"{_config.Protocol} heartbeat" : "TCP connect";
        HealthCheckLog.Started(_logger, _cluster, _checkers.Length, session, _config.Interval);
        foreach (var checker in _checkers)
        {
            checker.Start();
        }
    }

    /// <summary>Stops every host's checker (closing connections kept by heartbeat sessions). Idempotent.</summary>
    public void Dispose()
    {
        foreach (var checker in _checkers)
        {
            checker.Stop();
        }
    }

    private static bool UsesHttp(HealthCheckConfig config) =>
        config.Http is not null && string.Equals(config.Protocol, Http1Protocol, StringComparison.OrdinalIgnoreCase);

    private static IHeartbeatProtocol? FindHeartbeat(string protocol, IProtocolRegistry? protocols)
    {
        if (protocols is null || protocol.Length == 0)
        {
            return null;
        }

        var name = string.Equals(protocol, SofaRpcProtocol, StringComparison.OrdinalIgnoreCase) ? ProtocolNames.Bolt : protocol;
        return protocols.TryGet(name, out var found) ? found as IHeartbeatProtocol : null;
    }

    /// <summary>The health check's <c>timeout</c>, or the HTTP check's own when it is shorter.</summary>
    private static TimeSpan ProbeTimeout(HealthCheckConfig config) =>
        UsesHttp(config) && config.Http!.Timeout is { } own && own < config.Timeout ? own : config.Timeout;

    private IHealthCheckSession CreateSession(Host host, IConnectionFactory connectionFactory, TimeSpan timeout)
    {
        if (UsesHttp(_config))
        {
            return new HttpCheckSession(connectionFactory, host.EndPoint, host.Address, _config.Http!, timeout);
        }

        return _heartbeat is { } heartbeat
            ? new HeartbeatCheckSession(connectionFactory, host.EndPoint, heartbeat, timeout)
            : new TcpConnectSession(connectionFactory, host.EndPoint, timeout);
    }
}
