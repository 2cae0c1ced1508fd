using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Upstream;
using Mosn.Upstream.LoadBalancing;

namespace Mosn.Filters.TcpProxy;

/// <summary>
/// One proxied downstream connection of <c>tcp_proxy</c>: the downstream read filter and event listener, and the load
/// balancer context of its connect attempts.
/// </summary>
/// <remarks>
/// <para>Life: on the first event (<see cref="OnNewConnection"/>, or the first <see cref="OnData"/> if an earlier filter
/// stopped the new-connection event) the downstream stops reading, a cluster is chosen (<c>cluster</c> or
/// <c>routes</c>), and up to <c>max_connect_attempts</c> hosts are tried. On success the upstream connection gets a
/// <see cref="TcpProxyUpstreamCallbacks"/>, is started, and downstream reading resumes (re-presenting any bytes that
/// arrived meanwhile). If no attempt succeeds the downstream is closed.</para>
/// <para>Data: downstream bytes → <c>upstream.Write</c>; upstream bytes → <c>downstream.Write</c>. Each write copies, so the
/// read buffer is consumed at once.</para>
/// <para>Backpressure: when one side's send buffer goes above its limit, reading on the other side is disabled until it
/// drains (one counted disable per side, tracked by a flag so enables stay balanced).</para>
/// <para>Close: either side closing closes the other, with <see cref="ConnectionCloseType.FlushWrite"/> so queued bytes
/// are delivered (<see cref="ConnectionCloseType.NoFlush"/> when the side closed after a read/write error).</para>
/// <para>Threading: read callbacks run on the downstream read loop; upstream callbacks on the upstream's; close and
/// watermark events on any thread. <c>_lock</c> orders "upstream attached" against "downstream closed" so that an
/// upstream connected after the downstream closed is closed, never leaked.</para>
/// </remarks>
internal sealed class TcpProxySession : IReadFilter, IConnectionEventListener, ILoadBalancerContext
{
    private readonly TcpProxyFilterChainFactory _factory;
    private readonly IConnection _downstream;
    private readonly Lock _lock = new();
    private volatile IConnection? _upstream;
    private IHost? _upstreamHost;
    private IClusterInfo? _upstreamCluster;
    private CancellationTokenSource? _connectCts;
    private List<IHost>? _failedHosts;
    private bool _connectStarted;
    private bool _downstreamClosed;
    private int _upstreamPausedByDownstream;
    private int _downstreamPausedByUpstream;

    public TcpProxySession(TcpProxyFilterChainFactory factory, IConnection downstream)
    {
        _factory = factory;
        _downstream = downstream;
        factory.Stats.OnConnectionOpen();
    }

    /// <summary>The downstream connection.</summary>
    public IConnection Downstream => _downstream;

    /// <summary>The upstream connection once connected (null before and when connecting failed).</summary>
    public IConnection? Upstream => _upstream;

    /// <summary>The filter's counters.</summary>
    public TcpProxyStats Stats => _factory.Stats;

    /// <inheritdoc />
    IHeaderMap? ILoadBalancerContext.DownstreamHeaders => null;

    /// <inheritdoc />
    IConnection? ILoadBalancerContext.DownstreamConnection => _downstream;

    /// <inheritdoc />
    IReadOnlyDictionary<string, string>? ILoadBalancerContext.MetadataMatch => null;

    /// <inheritdoc />
    /// <remarks>The downstream source IP (MOSN's default hash policy): a client's connections stick to one host under
    /// <c>LB_MAGLEV</c> and <c>LB_RING_HASH</c>.</remarks>
    ulong? ILoadBalancerContext.HashKey => HashKeys.OfAddress(_downstream.RemoteAddress);

    /// <inheritdoc />
    bool ILoadBalancerContext.ShouldSelectAnotherHost(IHost host) => _failedHosts?.Contains(host) == true;

    /// <inheritdoc />
    public void InitializeReadFilterCallbacks(IReadFilterCallbacks callbacks)
    {
        // Nothing to keep: the session talks to its connection directly and never resumes later filters (it is terminal).
    }

    /// <inheritdoc />
    public FilterStatus OnNewConnection()
    {
        StartConnecting();
        return FilterStatus.Continue;
    }

    /// <inheritdoc />
    public FilterStatus OnData(ReadBuffer buffer)
    {
        var upstream = _upstream;
        if (upstream is null)
        {
            // Not connected yet: keep the bytes (unconsumed) and stop reading; they are presented again once connected.
            StartConnecting();
            return FilterStatus.StopIteration;
        }

        var length = buffer.Length;
        if (length > 0)
        {
            upstream.Write(buffer.Data);
            buffer.ConsumeAll();
            _factory.Stats.AddBytesReceived(length);
        }

        return FilterStatus.StopIteration;
    }

    /// <inheritdoc />
    public void OnEvent(ConnectionEvent connectionEvent)
    {
        if (!connectionEvent.IsClose())
        {
            return;
        }

        IConnection? upstream;
        lock (_lock)
        {
            if (_downstreamClosed)
            {
                return;
            }

            _downstreamClosed = true;
            upstream = _upstream;
            _connectCts?.Cancel();
        }

        _factory.Stats.OnConnectionClose();
        upstream?.Close(CloseTypeFor(connectionEvent));
    }

    /// <inheritdoc />
    public void OnAboveWriteBufferHighWatermark()
    {
        // The client reads slower than the upstream sends: stop reading from the upstream.
        var upstream = _upstream;
        if (upstream is not null && Interlocked.Exchange(ref _upstreamPausedByDownstream, 1) == 0)
        {
            upstream.ReadDisable(true);
        }
    }

    /// <inheritdoc />
    public void OnBelowWriteBufferLowWatermark()
    {
        var upstream = _upstream;
        if (upstream is not null && Interlocked.Exchange(ref _upstreamPausedByDownstream, 0) == 1)
        {
            upstream.ReadDisable(false);
        }
    }

    /// <summary>Upstream bytes arrived: forward them downstream. Called on the upstream read loop.</summary>
    internal void OnUpstreamData(ReadBuffer buffer)
    {
        var length = buffer.Length;
        if (length > 0)
        {
            _downstream.Write(buffer.Data);
            buffer.ConsumeAll();
            _factory.Stats.AddBytesSent(length);
        }
    }

    /// <summary>The upstream closed: close the downstream and settle the host counters.</summary>
    internal void OnUpstreamClosed(IConnection upstream, ConnectionEvent reason)
    {
        if (ReferenceEquals(_upstream, upstream))
        {
            _upstreamHost?.Stats.OnConnectionClose();
            _upstreamCluster?.Stats.OnConnectionClose();
        }

        _downstream.Close(CloseTypeFor(reason));
    }

    /// <summary>The upstream's send buffer is full: stop reading from the client.</summary>
    internal void OnUpstreamAboveWriteBufferHighWatermark()
    {
        if (Interlocked.Exchange(ref _downstreamPausedByUpstream, 1) == 0)
        {
            _downstream.ReadDisable(true);
        }
    }

    /// <summary>The upstream's send buffer drained: read from the client again.</summary>
    internal void OnUpstreamBelowWriteBufferLowWatermark()
    {
        if (Interlocked.Exchange(ref _downstreamPausedByUpstream, 0) == 1)
        {
            _downstream.ReadDisable(false);
        }
    }

    private void StartConnecting()
    {
        if (_connectStarted)
        {
            return;
        }

        _connectStarted = true;
        var config = _factory.Config;
        if (config.IdleTimeout is { } idle)
        {
            // Set here, not when the chain is created: the listener applies its own idle timeout after creating the chain.
            _downstream.IdleTimeout = idle;
        }

        _downstream.ReadDisable(true);
        var clusterName = config.SelectCluster(_downstream.RemoteAddress, _downstream.LocalAddress);
        if (clusterName is null)
        {
            TcpProxyLog.NoRoute(_factory.Logger, config.StatPrefix, _downstream.Id, _downstream.RemoteAddress, _downstream.LocalAddress);
            FailDownstream(noRoute: true);
            return;
        }

        var snapshot = _factory.ClusterManager.GetClusterSnapshot(clusterName);
        if (snapshot is null)
        {
            // Validated at config time, but clusters can be removed at run time.
            TcpProxyLog.NoCluster(_factory.Logger, config.StatPrefix, _downstream.Id, clusterName);
            FailDownstream(noRoute: true);
            return;
        }

        CancellationToken token;
        lock (_lock)
        {
            if (_downstreamClosed)
            {
                return;
            }

            _connectCts = new CancellationTokenSource();
            token = _connectCts.Token;
        }

        _ = ConnectAsync(snapshot, token);
    }

    /// <summary>The next candidate; once all were tried, a fresh sequence (another try on a failed host beats none).</summary>
    private IHost? NextCandidate(ref HostCandidates candidates, IClusterSnapshot snapshot)
    {
        if (candidates.MoveNext())
        {
            return candidates.Current;
        }

        candidates = snapshot.LoadBalancer.Candidates(this);
        return candidates.MoveNext() ? candidates.Current : null;
    }

    private async Task ConnectAsync(IClusterSnapshot snapshot, CancellationToken cancellationToken)
    {
        var config = _factory.Config;
        try
        {
            var info = snapshot.Info;
            // One candidate sequence for all attempts: each attempt goes to a host not tried yet while there is one.
            var candidates = snapshot.LoadBalancer.Candidates(this);
            for (var attempt = 1; attempt <= config.MaxConnectAttempts; attempt++)
            {
                var host = NextCandidate(ref candidates, snapshot);
                if (host is null)
                {
                    _factory.Stats.OnNoHealthyUpstream();
                    TcpProxyLog.NoHealthyUpstream(_factory.Logger, config.StatPrefix, _downstream.Id, info.Name);
                    break;
                }

                _factory.Stats.OnConnectAttempt();
                var result = await _factory.ConnectionFactory.ConnectAsync(host.EndPoint, info.ConnectTimeout, info.ConnectionBufferLimitBytes, cancellationToken);
                if (result.Connection is { } upstream)
                {
                    Attach(upstream, host, info);
                    return;
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    return; // the downstream went away while we were connecting: nothing to report
                }

                _factory.Stats.OnConnectFailure();
                host.Stats.OnConnectFailure();
                info.Stats.OnConnectFailure();
                TcpProxyLog.ConnectFailed(_factory.Logger, config.StatPrefix, _downstream.Id, host.Address, result.Failure, attempt, config.MaxConnectAttempts);
                (_failedHosts ??= []).Add(host);
            }

            FailDownstream(noRoute: false);
        }
        catch (Exception ex)
        {
            // A load balancer or connection factory threw: a programmer error. Drop this connection only.
            TcpProxyLog.SetupFailed(_factory.Logger, config.StatPrefix, _downstream.Id, ex);
            FailDownstream(noRoute: false);
        }
        finally
        {
            lock (_lock)
            {
                _connectCts?.Dispose();
                _connectCts = null;
            }
        }
    }

    private void Attach(IConnection upstream, IHost host, IClusterInfo cluster)
    {
        var callbacks = new TcpProxyUpstreamCallbacks(this, upstream);
        upstream.AddReadFilter(callbacks);
        upstream.AddConnectionEventListener(callbacks);
        upstream.IdleTimeout = _factory.Config.IdleTimeout ?? _downstream.IdleTimeout;
        lock (_lock)
        {
            if (_downstreamClosed)
            {
                upstream.Close(ConnectionCloseType.NoFlush);
                return;
            }

            _upstreamHost = host;
            _upstreamCluster = cluster;
            _upstream = upstream;
        }

        host.Stats.OnConnectionOpen();
        cluster.Stats.OnConnectionOpen();
        TcpProxyLog.Connected(_factory.Logger, _factory.Config.StatPrefix, _downstream.Id, host.Address, upstream.Id);
        upstream.Start();
        _downstream.ReadDisable(false);
    }

    private void FailDownstream(bool noRoute)
    {
        if (noRoute)
        {
            _factory.Stats.OnNoRoute();
        }

        _factory.Stats.OnConnectionFailed();
        _downstream.Close(ConnectionCloseType.NoFlush);
    }

    private static ConnectionCloseType CloseTypeFor(ConnectionEvent reason) =>
        reason is ConnectionEvent.OnReadErrClose or ConnectionEvent.OnWriteErrClose ? ConnectionCloseType.NoFlush : ConnectionCloseType.FlushWrite;
}
