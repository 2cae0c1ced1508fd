using System.Diagnostics.Metrics;
using System.Globalization;
using Mosn.Abstractions.Upstream;
using Mosn.Filters.TcpProxy;
using Mosn.Network;
using Mosn.Protocols.Http1;
using Mosn.Protocols.Http2;
using Mosn.Protocols.XProtocol;
using Mosn.Proxy;
using Mosn.Upstream;

namespace Mosn.Admin;

/// <summary>
/// The server's instruments on a <see cref="Meter"/> named <see cref="MeterName"/>: observable counters and gauges that
/// read the existing stats when a listener collects them (a Prometheus scrape, <c>dotnet-counters</c>, OpenTelemetry),
/// so the data path pays nothing for them.
/// </summary>
/// <remarks>
/// <para>Instrument names are <c>mosn.&lt;group&gt;.&lt;metric&gt;</c>; the group (listener, downstream, upstream, proxy,
/// cluster, host, http2, xprotocol) is also the top-level key of <c>/api/v1/stats</c>. Label values come from the
/// configuration only (listener, cluster and host names, protocol names), so cardinality is bounded by the config.</para>
/// <para>Protocol counters are process-wide (their stats classes are static): two servers in one process report the same
/// values. Thread-safe; dispose to unpublish the instruments.</para>
/// </remarks>
internal sealed class MosnMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Mosn";

    private readonly Func<IReadOnlyList<(SocketListener Listener, ListenerTraffic Traffic)>> _listeners;
    private readonly ClusterManager _clusters;
    private readonly Func<IEnumerable<(string Listener, TcpProxyStats Stats)>> _tcpProxies;

    /// <summary>Publishes the instruments of <paramref name="listeners"/> and <paramref name="clusters"/>.</summary>
    public MosnMetrics(Func<IReadOnlyList<(SocketListener Listener, ListenerTraffic Traffic)>> listeners, ClusterManager clusters, string version,
        Func<IEnumerable<(string Listener, TcpProxyStats Stats)>>? tcpProxies = null)
    {
        _tcpProxies = tcpProxies ?? (static () => []);
        _listeners = listeners;
        _clusters = clusters;
        Meter = new Meter(MeterName, version);

        Counter("mosn.listener.connections", "Downstream connections accepted by the listener.", () => PerListener(l => l.Listener.AcceptedCount));
        Gauge("mosn.listener.connections_active", "Downstream connections open on the listener.", () => PerListener(l => l.Listener.ActiveConnections.Count));
        Counter("mosn.listener.connections_rejected", "Downstream connections refused by the listener (limits, setup failures).", () => PerListener(l => l.Listener.RejectedCount));
        Counter("mosn.listener.bytes_received", "Bytes read from the listener's downstream connections.", () => PerListener(l => l.Traffic.Totals().Received), "By");
        Counter("mosn.listener.bytes_sent", "Bytes written to the listener's downstream connections.", () => PerListener(l => l.Traffic.Totals().Sent), "By");

        Counter("mosn.tcp_proxy.connections", "Downstream connections handled by the tcp_proxy filter.", () => PerTcpProxy(s => s.ConnectionsTotal));
        Gauge("mosn.tcp_proxy.connections_active", "Downstream connections open in the tcp_proxy filter.", () => PerTcpProxy(s => s.ActiveConnections));
        Counter("mosn.tcp_proxy.upstream_connect_attempts", "Upstream connect attempts of the tcp_proxy filter.", () => PerTcpProxy(s => s.UpstreamConnectAttempts));
        Counter("mosn.tcp_proxy.upstream_connect_failures", "Upstream connect attempts of the tcp_proxy filter that failed.", () => PerTcpProxy(s => s.UpstreamConnectFailures));
        Counter("mosn.tcp_proxy.connections_failed", "Downstream connections closed because no upstream connection could be made.", () => PerTcpProxy(s => s.ConnectionsFailed));
        Counter("mosn.tcp_proxy.no_route", "Downstream connections for which no tcp_proxy route or cluster matched.", () => PerTcpProxy(s => s.NoRoute));
        Counter("mosn.tcp_proxy.bytes_received", "Bytes forwarded from downstream to upstream by the tcp_proxy filter.", () => PerTcpProxy(s => s.BytesReceived), "By");
        Counter("mosn.tcp_proxy.bytes_sent", "Bytes forwarded from upstream to downstream by the tcp_proxy filter.", () => PerTcpProxy(s => s.BytesSent), "By");

        Counter("mosn.downstream.requests", "Requests decoded from downstream clients, by protocol.", () =>
            [Protocol(Http1Stats.DownstreamRequests, "Http1"), Protocol(Http2Stats.DownstreamRequests, "Http2"), Protocol(XProtocolStats.DownstreamRequests, "X")]);
        Counter("mosn.downstream.responses", "Responses fully sent to downstream clients, by protocol.", () =>
            [Protocol(Http1Stats.DownstreamResponses, "Http1"), Protocol(Http2Stats.DownstreamResponses, "Http2")]);
        Counter("mosn.downstream.resets", "Streams reset by downstream clients (HTTP/2 RST_STREAM received).", () =>
            [Protocol(Http2Stats.DownstreamResetsReceived, "Http2")]);
        Counter("mosn.downstream.decode_errors", "Malformed messages rejected by the codecs (HTTP/1 decode errors, HTTP/2 malformed messages, X-protocol malformed frames).", () =>
            [Protocol(Http1Stats.DecodeErrors, "Http1"), Protocol(Http2Stats.MalformedMessages, "Http2"), Protocol(XProtocolStats.MalformedFrames, "X")]);
        Counter("mosn.downstream.responses_by_class", "Responses sent to downstream clients by status class (1xx to 5xx; RPC statuses as mapped to HTTP), by protocol.", ResponsesByClass);
        Counter("mosn.downstream.unanswered", "Downstream exchanges that ended without a response (reset, client gone), by protocol.", () =>
            DownstreamResponseStats.All.Select(s => Protocol(s.Unanswered, s.Protocol)));
        Counter("mosn.upstream.requests", "Requests encoded to upstream servers, by protocol.", () =>
            [Protocol(Http1Stats.UpstreamRequests, "Http1"), Protocol(Http2Stats.UpstreamRequests, "Http2"), Protocol(XProtocolStats.UpstreamRequests, "X")]);
        Counter("mosn.upstream.responses", "Responses decoded from upstream servers, by protocol.", () =>
            [Protocol(Http1Stats.UpstreamResponses, "Http1"), Protocol(Http2Stats.UpstreamResponses, "Http2"), Protocol(XProtocolStats.UpstreamResponses, "X")]);
        Counter("mosn.upstream.resets", "Streams reset by upstream servers (HTTP/2 RST_STREAM received).", () =>
            [Protocol(Http2Stats.UpstreamResetsReceived, "Http2")]);

        var proxy = ProxyStats.Instance;
        Counter("mosn.proxy.downstream_connections", "Downstream connections handled by proxy filters.", () => [new(proxy.DownstreamConnections)]);
        Gauge("mosn.proxy.downstream_connections_active", "Downstream connections open in proxy filters.", () => [new(proxy.DownstreamConnectionsActive)]);
        Counter("mosn.proxy.requests", "Requests received by the proxy.", () => [new(proxy.Requests)]);
        Gauge("mosn.proxy.requests_active", "Requests in flight in the proxy.", () => [new(proxy.RequestsActive)]);
        Counter("mosn.proxy.local_replies", "Responses the proxy produced itself (no route, no host, timeout, ...).", () => [new(proxy.LocalReplies)]);
        Counter("mosn.proxy.retries", "Upstream retries.", () => [new(proxy.Retries)]);
        Counter("mosn.proxy.timeouts", "Global or per-try request timeouts.", () => [new(proxy.Timeouts)]);
        Counter("mosn.proxy.upstream_resets", "Upstream streams reset.", () => [new(proxy.UpstreamResets)]);
        Counter("mosn.proxy.protocol_detection_failures", "Connections whose protocol could not be detected.", () => [new(proxy.ProtocolDetectionFailures)]);
        Counter("mosn.proxy.no_route", "Requests with no matching route.", () => [new(proxy.NoRoute)]);
        Counter("mosn.proxy.no_healthy_upstream", "Requests with no healthy upstream host.", () => [new(proxy.NoHealthyUpstream)]);
        Counter("mosn.proxy.upstream_overflows", "Requests answered 503 at once by a max_requests circuit breaker.", () => [new(proxy.UpstreamOverflows)]);
        Counter("mosn.proxy.retry_overflows", "Retries not made because of a max_retries circuit breaker.", () => [new(proxy.RetryOverflows)]);
        Counter("mosn.access_log.written", "Access log lines written.", () => [new(Mosn.Proxy.AccessLog.AccessLogStats.Written)]);
        Counter("mosn.access_log.dropped", "Access log lines dropped because the buffer was full (the data plane never waits).", () => [new(Mosn.Proxy.AccessLog.AccessLogStats.Dropped)]);
        Counter("mosn.access_log.write_failures", "Access log writes that failed (I/O errors).", () => [new(Mosn.Proxy.AccessLog.AccessLogStats.WriteFailures)]);

        Counter("mosn.cluster.requests", "Requests sent to the cluster.", () => PerCluster(s => s.Requests));
        Gauge("mosn.cluster.requests_active", "Requests in flight to the cluster.", () => PerCluster(s => s.ActiveRequests));
        Counter("mosn.cluster.connect_failures", "Failed connect attempts to the cluster's hosts.", () => PerCluster(s => s.ConnectFailures));
        Counter("mosn.cluster.connections", "Upstream connections opened to the cluster.", () => PerCluster(s => s.ConnectionsTotal));
        Gauge("mosn.cluster.connections_active", "Upstream connections open to the cluster (its pools).", () => PerCluster(s => s.ActiveConnections));
        Counter("mosn.cluster.timeouts", "Requests to the cluster that timed out.", () => PerCluster(s => s.Timeouts));
        Counter("mosn.cluster.resets", "Requests to the cluster that ended in a reset.", () => PerCluster(s => s.Resets));
        Counter("mosn.cluster.retries", "Retries sent to the cluster.", () => PerCluster(s => s.Retries));
        Gauge("mosn.cluster.retries_active", "Retries of requests still in progress (what max_retries limits).", () => PerCluster(s => s.ActiveRetries));
        Counter("mosn.cluster.request_overflows", "Requests refused by the cluster's max_requests circuit breaker.", () => PerCluster(s => s.RequestOverflows));
        Counter("mosn.cluster.retry_overflows", "Retries not made because of the cluster's max_retries circuit breaker.", () => PerCluster(s => s.RetryOverflows));
        Gauge("mosn.cluster.requests_pending", "Requests waiting for an upstream connection in the cluster's pools.", () => PerClusterSnapshot(c => _clusters.PoolTotals(c.Info.Name).Pending));
        Gauge("mosn.cluster.connections_idle", "Idle upstream connections in the cluster's pools.", () => PerClusterSnapshot(c => _clusters.PoolTotals(c.Info.Name).Idle));
        Counter("mosn.cluster.response_time_microseconds", "Sum of the latencies of the cluster's tries (request sent to response complete); divide by mosn_cluster_response_time_samples_total for the mean.", () => PerCluster(s => s.ResponseTimeMicros));
        Counter("mosn.cluster.response_time_samples", "Tries of the cluster whose latency is in mosn_cluster_response_time_microseconds_total.", () => PerCluster(s => s.ResponseTimeSamples));
        Gauge("mosn.cluster.hosts", "Hosts of the cluster.", () => PerClusterSnapshot(c => c.HostSet.Hosts.Count));
        Gauge("mosn.cluster.hosts_healthy", "Healthy hosts of the cluster.", () => PerClusterSnapshot(c => c.HostSet.HealthyHosts.Count));

        Counter("mosn.host.requests", "Requests sent to the host.", () => PerHost(h => h.Stats.Requests));
        Counter("mosn.host.health_checks", "Active health checks run against the host.", () => PerHost(h => h.Stats.HealthChecks));
        Counter("mosn.host.health_check_failures", "Active health checks of the host that failed.", () => PerHost(h => h.Stats.HealthCheckFailures));
        Counter("mosn.host.outlier_ejections", "Times outlier detection ejected the host.", () => PerHost(h => h.Stats.OutlierEjections));
        Gauge("mosn.host.requests_active", "Requests in flight to the host.", () => PerHost(h => h.Stats.ActiveRequests));
        Counter("mosn.host.connect_failures", "Failed connect attempts to the host.", () => PerHost(h => h.Stats.ConnectFailures));
        Counter("mosn.host.connections", "Upstream connections opened to the host.", () => PerHost(h => h.Stats.ConnectionsTotal));
        Gauge("mosn.host.connections_active", "Upstream connections open to the host (its pools).", () => PerHost(h => h.Stats.ActiveConnections));
        Counter("mosn.host.timeouts", "Requests to the host that timed out.", () => PerHost(h => h.Stats.Timeouts));
        Counter("mosn.host.resets", "Requests to the host that ended in a reset.", () => PerHost(h => h.Stats.Resets));
        Gauge("mosn.host.connections_idle", "Idle upstream connections in the host's pools.", () => PerHost(h => _clusters.PoolTotals(h.Cluster.Name, h.Address).Idle));
        Gauge("mosn.host.requests_pending", "Requests waiting for a connection in the host's pools.", () => PerHost(h => _clusters.PoolTotals(h.Cluster.Name, h.Address).Pending));
        Counter("mosn.host.response_time_microseconds", "Sum of the latencies of the host's tries (request sent to response complete); divide by mosn_host_response_time_samples_total for the mean.", () => PerHost(h => h.Stats.ResponseTimeMicros));
        Counter("mosn.host.response_time_samples", "Tries of the host whose latency is in mosn_host_response_time_microseconds_total.", () => PerHost(h => h.Stats.ResponseTimeSamples));
        Gauge("mosn.host.healthy", "1 when the host is healthy, 0 when a health check or outlier detection marked it failed.", () => PerHost(h => h.IsHealthy ? 1 : 0));

        Counter("mosn.http2.refused_streams", "HTTP/2 streams refused (concurrency limit, above a GOAWAY's last stream).", () => [new(Http2Stats.RefusedStreams)]);
        Counter("mosn.http2.rapid_resets", "HTTP/2 connections ended for rapid reset.", () => [new(Http2Stats.RapidResets)]);
        Counter("mosn.http2.floods", "HTTP/2 connections ended for a frame flood.", () => [new(Http2Stats.Floods)]);

        Counter("mosn.xprotocol.heartbeats_answered", "RPC heartbeats answered by the stream layer.", () => [new(XProtocolStats.HeartbeatsAnswered)]);
        Counter("mosn.xprotocol.unknown_responses", "RPC responses dropped because no request waited for their id.", () => [new(XProtocolStats.UnknownResponses)]);
        Counter("mosn.xprotocol.hijacks", "RPC error responses built by the protocol for the proxy's own answers.", () => [new(XProtocolStats.Hijacks)]);
        Counter("mosn.xprotocol.busy_rejections", "RPC requests refused for too many in flight on the connection.", () => [new(XProtocolStats.BusyRejections)]);
        Counter("mosn.xprotocol.keepalive_sent", "Keepalive heartbeats sent on idle upstream RPC connections.", () => [new(XProtocolStats.KeepaliveSent)]);
        Counter("mosn.xprotocol.keepalive_failures", "Keepalive heartbeats not answered in time.", () => [new(XProtocolStats.KeepaliveFailures)]);
        Counter("mosn.xprotocol.keepalive_closes", "Upstream RPC connections closed after failed heartbeats in a row.", () => [new(XProtocolStats.KeepaliveCloses)]);
    }

    /// <summary>The meter holding the instruments.</summary>
    public Meter Meter { get; }

    /// <inheritdoc />
    public void Dispose() => Meter.Dispose();

    private void Counter(string name, string description, Func<IEnumerable<Measurement<long>>> observe, string? unit = null) =>
        Meter.CreateObservableCounter(name, observe, unit, description);

    private void Gauge(string name, string description, Func<IEnumerable<Measurement<long>>> observe) =>
        Meter.CreateObservableUpDownCounter(name, observe, unit: null, description);

    private static IEnumerable<Measurement<long>> ResponsesByClass()
    {
        foreach (var stats in DownstreamResponseStats.All)
        {
            for (var c = 1; c <= 5; c++)
            {
                yield return new(stats.Responses(c), new("protocol", stats.Protocol), new("class", ClassNames[c]));
            }
        }
    }

    private static readonly string[] ClassNames = ["", "1xx", "2xx", "3xx", "4xx", "5xx"];

    /// <summary>
    /// The request-duration histograms (one per downstream protocol) in Prometheus' histogram form: cumulative buckets,
    /// sum and count. Read at scrape time; the data path only increments counters.
    /// </summary>
    public static void WriteHistograms(System.Text.StringBuilder output)
    {
        var all = DownstreamResponseStats.All.OrderBy(s => s.Protocol, StringComparer.Ordinal).ToList();
        if (all.Count == 0)
        {
            return;
        }

        const string Name = "mosn_downstream_request_duration_seconds";
        output.Append("# HELP ").Append(Name).Append(" Time from a downstream request's headers to the end of its exchange, by protocol.\n");
        output.Append("# TYPE ").Append(Name).Append(" histogram\n");
        var bounds = DownstreamResponseStats.BucketBounds;
        foreach (var stats in all)
        {
            long cumulative = 0;
            for (var b = 0; b <= bounds.Count; b++)
            {
                cumulative += stats.Bucket(b);
                var le = b < bounds.Count ? bounds[b].ToString("R", CultureInfo.InvariantCulture) : "+Inf";
                output.Append(CultureInfo.InvariantCulture, $"{Name}_bucket{{protocol=\"{stats.Protocol}\",le=\"{le}\"}} {cumulative}\n");
            }

            output.Append(CultureInfo.InvariantCulture, $"{Name}_sum{{protocol=\"{stats.Protocol}\"}} {stats.SumSeconds.ToString("0.######", CultureInfo.InvariantCulture)}\n");
            output.Append(CultureInfo.InvariantCulture, $"{Name}_count{{protocol=\"{stats.Protocol}\"}} {cumulative}\n");
        }
    }

    private static Measurement<long> Protocol(long value, string protocol) => new(value, new KeyValuePair<string, object?>("protocol", protocol));

    private IEnumerable<Measurement<long>> PerTcpProxy(Func<TcpProxyStats, long> read) =>
        _tcpProxies().Select(p => new Measurement<long>(read(p.Stats), new("listener", p.Listener), new("stat_prefix", p.Stats.StatPrefix)));

    private List<Measurement<long>> PerListener(Func<(SocketListener Listener, ListenerTraffic Traffic), long> read)
    {
        var listeners = _listeners();
        var result = new List<Measurement<long>>(listeners.Count);
        foreach (var listener in listeners)
        {
            result.Add(new(read(listener), new KeyValuePair<string, object?>("listener", listener.Listener.Name)));
        }

        return result;
    }

    private List<Measurement<long>> PerCluster(Func<HostStats, long> read) => PerClusterSnapshot(c => read(c.Info.Stats));

    private List<Measurement<long>> PerClusterSnapshot(Func<IClusterSnapshot, long> read)
    {
        var result = new List<Measurement<long>>();
        foreach (var name in _clusters.ClusterNames.Order(StringComparer.Ordinal))
        {
            if (_clusters.GetClusterSnapshot(name) is { } snapshot)
            {
                result.Add(new(read(snapshot), new KeyValuePair<string, object?>("cluster", name)));
            }
        }

        return result;
    }

    private List<Measurement<long>> PerHost(Func<IHost, long> read)
    {
        var result = new List<Measurement<long>>();
        foreach (var name in _clusters.ClusterNames.Order(StringComparer.Ordinal))
        {
            if (_clusters.GetClusterSnapshot(name) is not { } snapshot)
            {
                continue;
            }

            foreach (var host in snapshot.HostSet.Hosts)
            {
                result.Add(new(read(host), new KeyValuePair<string, object?>("cluster", name), new KeyValuePair<string, object?>("host", host.Address)));
            }
        }

        return result;
    }
}
