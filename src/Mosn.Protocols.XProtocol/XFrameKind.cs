namespace Mosn.Protocols.XProtocol;

/// <summary>What a decoded frame is, as far as the stream layer cares (MOSN's stream type plus its heartbeat and GoAway predicates).</summary>
public enum XFrameKind
{
    /// <summary>A request that expects a response with the same request id.</summary>
    Request,

    /// <summary>A request that gets no response (fire and forget).</summary>
    OneWayRequest,

    /// <summary>A response to the request with the same id.</summary>
    Response,

    /// <summary>A heartbeat request: answered by the stream layer, never routed.</summary>
    Heartbeat,

    /// <summary>The answer to a heartbeat.</summary>
    HeartbeatAck,

    /// <summary>The peer will accept no new requests on this connection.</summary>
    GoAway,
}
