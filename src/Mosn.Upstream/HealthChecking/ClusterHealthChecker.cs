using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Network;
using Mosn.Upstream.Clusters;

namespace Mosn.Upstream.HealthChecking;

/// <summary>
/// The active health check of one cluster version (<c>health_check</c>): one <see cref="HostHealthChecker"/> per host
/// address, started with the version and stopped when the cluster is updated, removed, or the manager is disposed.
/// </summary>
/// <remarks>
/// The session follows MOSN: <c>protocol</c> <c>Http1</c> (any case) with an <c>http_check_config</c> runs
/// <see cref="HttpCheckSession"/>; everything else runs <see cref="TcpConnectSession"/> (MOSN's fallback for protocols
/// without a checker; the RPC heartbeat session is not implemented). Thread-safe: <see cref="Start"/> and
/// <see cref="Dispose"/> may race; a stopped checker never restarts.
/// </remarks>
internal sealed class ClusterHealthChecker : IDisposable
{
    private const string Http1Protocol = "Http1";

    private readonly HostHealthChecker[] _checkers;
    private readonly ILogger _logger;
    private readonly string _cluster;
    private readonly HealthCheckConfig _config;

    /// <summary>Creates the checkers (not started).</summary>
    /// <param name="config">The cluster's <c>health_check</c>.</param>
    /// <param name="hosts">The cluster version's hosts; an address listed twice is checked once.</param>
    /// <param name="connectionFactory">Opens probe connections.</param>
    /// <param name="timeProvider">Drives intervals and timeouts.</param>
    /// <param name="onHealthChanged">Called when a host becomes unhealthy or healthy.</param>
    /// <param name="logger">Logs state changes.</param>
    public ClusterHealthChecker(HealthCheckConfig config, IReadOnlyList<Host> hosts, IConnectionFactory connectionFactory,
        TimeProvider timeProvider, Action onHealthChanged, ILogger logger)
    {
        _config = config;
        _logger = logger;
        _cluster = hosts.Count > 0 ? hosts[0].Cluster.Name : "";
        var timeout = ProbeTimeout(config);
        _checkers = [.. hosts.DistinctBy(h => h.Health).Select(host => new HostHealthChecker(
            host, CreateSession(config, host, connectionFactory, timeout), config, timeout, timeProvider, onHealthChanged, logger))];
    }

    /// <summary>The per-host checkers (tests).</summary>
    internal IReadOnlyList<HostHealthChecker> Checkers => _checkers;

    /// <summary>True when probes are HTTP requests rather than TCP connects.</summary>
    public bool IsHttp => UsesHttp(_config);

    /// <summary>Starts every host's checker.</summary>
    public void Start()
    {
        HealthCheckLog.Started(_logger, _cluster, _checkers.Length, IsHttp ? "HTTP" : "TCP connect", _config.Interval);
        foreach (var checker in _checkers)
        {
            checker.Start();
        }
    }

    /// <summary>Stops every host's checker. Idempotent.</summary>
    public void Dispose()
    {
        foreach (var checker in _checkers)
        {
            checker.Stop();
        }
    }

    private static bool UsesHttp(HealthCheckConfig config) =>
        config.Http is not null && string.Equals(config.Protocol, Http1Protocol, StringComparison.OrdinalIgnoreCase);

    /// <summary>The health check's <c>timeout</c>, or the HTTP check's own when it is shorter.</summary>
    private static TimeSpan ProbeTimeout(HealthCheckConfig config) =>
        UsesHttp(config) && config.Http!.Timeout is { } own && own < config.Timeout ? own : config.Timeout;

    private static IHealthCheckSession CreateSession(HealthCheckConfig config, Host host, IConnectionFactory connectionFactory, TimeSpan timeout) =>
        UsesHttp(config)
            ? new HttpCheckSession(connectionFactory, host.EndPoint, host.Address, config.Http!, timeout)
            : new TcpConnectSession(connectionFactory, host.EndPoint, timeout);
}
