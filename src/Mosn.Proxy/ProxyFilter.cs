using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;

namespace Mosn.Proxy;

/// <summary>
/// The <c>proxy</c> read filter of one downstream connection: detects or fixes the protocol, feeds bytes to the
/// protocol's server stream connection, and turns each decoded request stream into a <see cref="DownstreamStream"/>.
/// </summary>
internal sealed class ProxyFilter : IReadFilter, IServerStreamConnectionCallbacks, IConnectionEventListener
{
    private readonly ProxyFilterChainFactory _factory;
    private readonly IConnection _connection;
    private readonly HashSet<DownstreamStream> _streams = [];
    private IServerStreamConnection? _streamConnection;
    private IProtocol? _protocol;

    public ProxyFilter(ProxyFilterChainFactory factory, IConnection connection)
    {
        _factory = factory;
        _connection = connection;
        connection.AddConnectionEventListener(this);
    }

    public IConnection Connection => _connection;

    public ProxyFilterChainFactory Factory => _factory;

    public IProtocol? Protocol => _protocol;

    public void InitializeReadFilterCallbacks(IReadFilterCallbacks callbacks)
    {
    }

    public FilterStatus OnNewConnection()
    {
        ProxyStats.Instance.OnDownstreamConnection();
        return FilterStatus.Continue;
    }

    public FilterStatus OnData(ReadBuffer buffer)
    {
        if (_streamConnection is null)
        {
            var protocol = _factory.DownstreamProtocol ?? Detect(buffer);
            if (protocol is null)
            {
                return FilterStatus.StopIteration; // need more bytes, or the connection was closed
            }

            _protocol = protocol;
            _streamConnection = protocol.CreateServerStreamConnection(_connection, this, _factory.ProtocolOptions);
        }

        _streamConnection.Dispatch(buffer);
        return FilterStatus.StopIteration;
    }

    private IProtocol? Detect(ReadBuffer buffer)
    {
        var again = false;
        foreach (var protocol in _factory.Context.Protocols.All)
        {
            switch (protocol.Match(buffer.Data))
            {
                case MatchResult.Success:
                    return protocol;
                case MatchResult.Again:
                    again = true;
                    break;
            }
        }

        if (!again || buffer.IsEndOfStream || buffer.Length > 64)
        {
            // No protocol claims these bytes (MOSN's fallback_for_unknown_protocol to tcp_proxy is not built yet).
            ProxyStats.Instance.OnProtocolDetectionFailure();
            Log.UnknownProtocol(_factory.Logger, _connection.Id);
            buffer.ConsumeAll();
            _connection.Close(ConnectionCloseType.NoFlush);
        }

        return null;
    }

    public IStreamReceiver OnNewStream(IStreamSender responseSender)
    {
        var stream = new DownstreamStream(this, responseSender);
        lock (_streams)
        {
            _streams.Add(stream);
        }

        return stream;
    }

    internal void OnStreamDone(DownstreamStream stream)
    {
        int remaining;
        lock (_streams)
        {
            _streams.Remove(stream);
            remaining = _streams.Count;
        }

        if (remaining == 0 && _factory.Draining && _protocol is { IsMultiplexed: true })
        {
            // Multiplexed protocols got GOAWAY; close once the last stream is done. HTTP/1 closes itself after the
            // response that carried "Connection: close".
            _connection.Close(ConnectionCloseType.FlushWrite, ConnectionEvent.OnShutdown);
        }
    }

    /// <summary>Stops new streams on this connection (graceful shutdown): HTTP/1 closes after the current response.</summary>
    public void GoAway() => _streamConnection?.GoAway();

    public int ActiveStreamCount
    {
        get
        {
            lock (_streams)
            {
                return _streams.Count;
            }
        }
    }

    public void OnEvent(ConnectionEvent connectionEvent)
    {
        if (!connectionEvent.IsClose())
        {
            return;
        }

        ProxyStats.Instance.OnDownstreamConnectionClosed();
        _factory.OnFilterClosed(this);
        DownstreamStream[] streams;
        lock (_streams)
        {
            streams = [.. _streams];
        }

        // The protocol resets its streams on close; this covers streams it no longer tracks (e.g. a response already
        // written but the upstream side still open).
        foreach (var s in streams)
        {
            s.OnDownstreamConnectionClosed();
        }
    }

    public void OnAboveWriteBufferHighWatermark()
    {
        foreach (var s in Snapshot())
        {
            s.OnDownstreamAboveHighWatermark();
        }
    }

    public void OnBelowWriteBufferLowWatermark()
    {
        foreach (var s in Snapshot())
        {
            s.OnDownstreamBelowLowWatermark();
        }
    }

    private DownstreamStream[] Snapshot()
    {
        lock (_streams)
        {
            return _streams.Count == 0 ? [] : [.. _streams];
        }
    }
}
