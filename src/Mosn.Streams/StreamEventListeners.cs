using Mosn.Abstractions.Streams;

namespace Mosn.Protocols.Http1;

/// <summary>
/// The <see cref="IStreamEventListener"/>s of one stream. Copy-on-write, so notifications run without a lock and
/// listeners may unsubscribe from inside a callback. The reset is delivered at most once.
/// </summary>
internal sealed class StreamEventListeners
{
    private readonly Lock _gate = new();
    private IStreamEventListener[] _listeners = [];
    private int _resetDelivered;

    /// <summary>Subscribes <paramref name="listener"/>.</summary>
    public void Add(IStreamEventListener listener)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners, listener];
        }
    }

    /// <summary>Unsubscribes <paramref name="listener"/>.</summary>
    public void Remove(IStreamEventListener listener)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_listeners, listener);
            if (index >= 0)
            {
                _listeners = [.. _listeners.AsSpan(0, index), .. _listeners.AsSpan(index + 1)];
            }
        }
    }

    /// <summary>True once a reset has been delivered.</summary>
    public bool ResetDelivered => Volatile.Read(ref _resetDelivered) != 0;

    /// <summary>Delivers <see cref="IStreamEventListener.OnResetStream"/> to every listener, the first time only.</summary>
    public void NotifyReset(StreamResetReason reason)
    {
        if (Interlocked.Exchange(ref _resetDelivered, 1) != 0)
        {
            return;
        }

        foreach (var listener in Volatile.Read(ref _listeners))
        {
            listener.OnResetStream(reason);
        }
    }

    /// <summary>Forwards the connection's high-watermark event.</summary>
    public void NotifyAboveWriteBufferHighWatermark()
    {
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            listener.OnAboveWriteBufferHighWatermark();
        }
    }

    /// <summary>Forwards the connection's low-watermark event.</summary>
    public void NotifyBelowWriteBufferLowWatermark()
    {
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            listener.OnBelowWriteBufferLowWatermark();
        }
    }
}
