using Mosn.Abstractions.Network;

namespace Mosn.Filters.TcpProxy;

/// <summary>
/// The upstream side of a <see cref="TcpProxySession"/>: the read filter and event listener installed on the upstream
/// connection. Forwards everything to the session. Callbacks run on the upstream connection's threads.
/// </summary>
internal sealed class TcpProxyUpstreamCallbacks(TcpProxySession session, IConnection upstream) : IReadFilter, IConnectionEventListener
{
    /// <inheritdoc />
    public void InitializeReadFilterCallbacks(IReadFilterCallbacks callbacks)
    {
        // The upstream connection is known from construction; nothing else is needed.
    }

    /// <inheritdoc />
    public FilterStatus OnNewConnection() => FilterStatus.Continue;

    /// <inheritdoc />
    public FilterStatus OnData(ReadBuffer buffer)
    {
        session.OnUpstreamData(buffer);
        return FilterStatus.StopIteration;
    }

    /// <inheritdoc />
    public void OnEvent(ConnectionEvent connectionEvent)
    {
        if (connectionEvent.IsClose())
        {
            session.OnUpstreamClosed(upstream, connectionEvent);
        }
    }

    /// <inheritdoc />
    public void OnAboveWriteBufferHighWatermark() => session.OnUpstreamAboveWriteBufferHighWatermark();

    /// <inheritdoc />
    public void OnBelowWriteBufferLowWatermark() => session.OnUpstreamBelowWriteBufferLowWatermark();
}
