using Mosn.Streams;

namespace Mosn.Protocols.Http1;

/// <summary>
/// Forwards a connection's write-buffer watermark events to the active stream's listeners without ever calling them
/// while the stream connection's lock is held (a connection raises the high-watermark event from inside a write, and
/// the codec writes under its lock). Events that arrive under the lock are delivered by <see cref="Flush"/> after it
/// is released. Delivery is coalesced and ordered: listeners see alternating above/below events ending in the
/// connection's latest state.
/// </summary>
internal sealed class WatermarkForwarder(Lock owner, Func<StreamEventListeners?> currentListeners)
{
    private int _actual;      // 1 above, 0 below: the latest event received
    private int _delivered;   // the latest state delivered to listeners
    private int _delivering;  // 1 while a thread delivers

    /// <summary>Records an event and delivers it unless the caller holds the owner's lock.</summary>
    public void Update(bool above)
    {
        Volatile.Write(ref _actual, above ? 1 : 0);
        Flush();
    }

    /// <summary>Delivers pending state changes. Call after releasing the owner's lock; a no-op while it is held.</summary>
    public void Flush()
    {
        if (owner.IsHeldByCurrentThread)
        {
            return;
        }

        while (Volatile.Read(ref _actual) != Volatile.Read(ref _delivered))
        {
            if (Interlocked.CompareExchange(ref _delivering, 1, 0) != 0)
            {
                return; // Another thread is delivering and re-checks after it is done.
            }

            var state = Volatile.Read(ref _actual);
            if (state != _delivered)
            {
                _delivered = state;
                var listeners = currentListeners();
                if (state == 1)
                {
                    listeners?.NotifyAboveWriteBufferHighWatermark();
                }
                else
                {
                    listeners?.NotifyBelowWriteBufferLowWatermark();
                }
            }

            Volatile.Write(ref _delivering, 0);
        }
    }
}
