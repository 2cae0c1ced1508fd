using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Config;

namespace Mosn.Upstream.Clusters;

/// <summary>
/// Re-resolves a <c>STRICT_DNS</c> cluster every <c>dns_refresh_rate</c> and publishes the new concrete hosts when they
/// changed (the cluster manager swaps in a new snapshot; requests in flight keep theirs, pools of addresses that stay are
/// kept). One per cluster version; stopped when the cluster is replaced or removed.
/// </summary>
internal sealed partial class StrictDnsRefresher : IAsyncDisposable
{
    private readonly ClusterConfig _template;
    private readonly IHostNameResolver _resolver;
    private readonly TimeProvider _timeProvider;
    private readonly Action<ClusterConfig> _publish;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private ClusterConfig _current;
    private Task? _loop;

    /// <summary>Creates the refresher of <paramref name="template"/> (the configured hosts) whose hosts are now <paramref name="current"/>.</summary>
    public StrictDnsRefresher(ClusterConfig template, ClusterConfig current, IHostNameResolver resolver, TimeProvider timeProvider, Action<ClusterConfig> publish, ILogger logger)
    {
        _template = template;
        _current = current;
        _resolver = resolver;
        _timeProvider = timeProvider;
        _publish = publish;
        _logger = logger;
    }

    /// <summary>Starts the refresh loop.</summary>
    public void Start() => _loop = LoopAsync(); // runs to its first delay synchronously: the timer exists when Start returns

    private async Task LoopAsync()
    {
        var interval = _template.DnsRefreshRate > TimeSpan.Zero ? _template.DnsRefreshRate : TimeSpan.FromSeconds(5);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _timeProvider, _stop.Token).ConfigureAwait(false);
                var next = await StrictDnsResolution.ResolveAsync(_template, _resolver, _current, _stop.Token).ConfigureAwait(false);
                if (!StrictDnsResolution.SameHosts(next, _current))
                {
                    Log.HostsChanged(_logger, _template.Name, string.Join(", ", next.Hosts.Select(h => h.Address)));
                    _current = next;
                    _publish(next);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                Log.RefreshFailed(_logger, _template.Name, ex.Message);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Cancels synchronously: once this returns (even before the returned task completes) no new lookup starts.</remarks>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(5101, LogLevel.Information, "Cluster {Cluster}: DNS answer changed, hosts now {Hosts}")]
        public static partial void HostsChanged(ILogger logger, string cluster, string hosts);

        [LoggerMessage(5102, LogLevel.Warning, "Cluster {Cluster}: applying the DNS answer failed: {Error}")]
        public static partial void RefreshFailed(ILogger logger, string cluster, string error);
    }
}
