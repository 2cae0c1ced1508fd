using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Extensions;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Proxy.AccessLog;

namespace Mosn.Proxy;

/// <summary>
/// Installs a <see cref="ProxyFilter"/> on each new downstream connection. Owns the listener's access logs: dispose it
/// after the listener stopped to flush and close them.
/// </summary>
internal sealed class ProxyFilterChainFactory : IFilterChainFactory, IDrainable, IAsyncDisposable
{
    private readonly AccessLogRecorderFactory? _accessLogs;

    public ProxyFilterChainFactory(ProxyConfig config, IFilterFactoryContext context, AccessLogRecorderFactory? accessLogs = null)
    {
        Config = config;
        Context = context;
        _accessLogs = accessLogs;

        // The access log recorder goes first so that it sees every stream from its first phase (and costs nothing
        // when the listener has no access logs).
        StreamFilters = accessLogs is null ? [.. context.StreamFilters] : [accessLogs, .. context.StreamFilters];
        Logger = context.LoggerFactory.CreateLogger("Mosn.Proxy");
        ProtocolOptions = config.ProtocolOptions;
        if (string.Equals(config.DownstreamProtocol, ProtocolNames.Auto, StringComparison.OrdinalIgnoreCase))
        {
            DetectionScope = context.Protocols.All;
        }
        else
        {
            var names = config.DownstreamProtocol.Split(',', StringSplitOptions.TrimEntries);
            var scope = new List<IProtocol>(names.Length);
            foreach (var name in names)
            {
                if (context.Protocols.TryGet(name, out var p))
                {
                    scope.Add(p);
                }
            }

            DetectionScope = scope;
            DownstreamProtocol = scope.Count == 1 ? scope[0] : null;
        }
    }

    public ProxyConfig Config { get; }

    public IFilterFactoryContext Context { get; }

    public IReadOnlyList<IStreamFilterChainFactory> StreamFilters { get; }

    public ILogger Logger { get; }

    public ProtocolOptions ProtocolOptions { get; }

    /// <summary>The fixed downstream protocol, or null when it is detected from the first bytes.</summary>
    public IProtocol? DownstreamProtocol { get; }

    /// <summary>The protocols detection chooses among, in registration order.</summary>
    public IReadOnlyList<IProtocol> DetectionScope { get; }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<ProxyFilter, byte> _filters = new();
    private volatile bool _draining;

    public bool Draining => _draining;

    public void CreateFilterChain(IConnection connection)
    {
        var filter = new ProxyFilter(this, connection);
        _filters[filter] = 0;
        connection.AddReadFilter(filter);
        if (_draining)
        {
            filter.GoAway();
        }
    }

    internal void OnFilterClosed(ProxyFilter filter) => _filters.TryRemove(filter, out _);

    public void BeginDrain()
    {
        _draining = true;
        foreach (var filter in _filters.Keys)
        {
            // Each connection closes after its requests in flight, or after a grace period when it has none.
            filter.GoAway();
        }
    }

    /// <summary>Flushes and closes the listener's access logs (no-op without). Call once the listener stopped.</summary>
    public ValueTask DisposeAsync() => _accessLogs?.DisposeAsync() ?? ValueTask.CompletedTask;

    public int ActiveRequests
    {
        get
        {
            var n = 0;
            foreach (var filter in _filters.Keys)
            {
                n += filter.ActiveStreamCount;
            }

            return n;
        }
    }
}
