using System.Net;

namespace Mosn.Abstractions.Network;

/// <summary>Observes a listener. It never changes the accept flow.</summary>
public interface IListenerEventListener
{
    /// <summary>A connection was accepted and passed the listener filters; its filter chain is installed.</summary>
    void OnNewConnection(IConnection connection) { }

    /// <summary>An accepted connection was rejected (listener filter, connection limit).</summary>
    void OnRejected(EndPoint? remoteAddress) { }

    /// <summary>The listener stopped accepting.</summary>
    void OnClose() { }
}
