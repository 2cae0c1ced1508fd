namespace Mosn.Abstractions.Network;

/// <summary>Receives connection events. Callbacks run on the connection's I/O threads; they must not block.</summary>
public interface IConnectionEventListener
{
    /// <summary>Called once per event. A close event is delivered exactly once per connection.</summary>
    void OnEvent(ConnectionEvent connectionEvent);

    /// <summary>Called when bytes waiting to be sent on the connection exceed its buffer limit.
    /// The usual reaction is to stop reading from the other side of the proxy (backpressure).</summary>
    void OnAboveWriteBufferHighWatermark() { }

    /// <summary>Called when the send buffer drained below the limit again after a high-watermark event.</summary>
    void OnBelowWriteBufferLowWatermark() { }
}
