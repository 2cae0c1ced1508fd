namespace Mosn.Abstractions.Network;

/// <summary>
/// Implemented by a filter chain factory whose connections carry requests that can finish gracefully (the proxy):
/// used by a graceful stop to let in-flight requests complete before connections are closed.
/// </summary>
public interface IDrainable
{
    /// <summary>
    /// Stops taking new requests on this factory's connections: idle connections are closed at once, busy ones close
    /// after their in-flight requests (HTTP/1 sends <c>Connection: close</c>; multiplexed protocols send GOAWAY). Idempotent; thread-safe.
    /// </summary>
    void BeginDrain();

    /// <summary>Requests still in flight on this factory's connections.</summary>
    int ActiveRequests { get; }
}
