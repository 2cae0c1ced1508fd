using Microsoft.Extensions.Logging;
using Mosn.Abstractions.Extensions;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;

namespace Mosn.Proxy;

/// <summary>Installs a <see cref="ProxyFilter"/> on each new downstream connection.</summary>
internal sealed class ProxyFilterChainFactory : IFilterChainFactory, IDrainable
{
    public ProxyFilterChainFactory(ProxyConfig config, IFilterFactoryContext context)
    {
        Config = config;
        Context = context;
        StreamFilters = [.. context.StreamFilters];
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
            filter.GoAway();
            if (filter.ActiveStreamCount == 0)
            {
                filter.Connection.Close(ConnectionCloseType.FlushWrite, ConnectionEvent.OnShutdown);
            }
        }
    }

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
