using Mosn.Abstractions.Streams;

namespace Mosn.Streams;

/// <summary>
/// The <see cref="IStreamEventListener"/>s of one stream. Copy-on-write, so notifications run without a lock and
/// listeners may unsubscribe from inside a callback. The reset is delivered at most once. Thread-safe; shared by the
/// protocol modules' stream types.
/// </summary>
public sealed class StreamEventListeners
{
    private readonly Lock _gate = new();
    private IStreamEventListener[] _listeners = [];
    private int _resetDelivered;
    private StreamResetReason _resetReason;

    /// <summary>
    /// Subscribes <paramref name="listener"/>. A listener added after the stream was reset gets
    /// <see cref="IStreamEventListener.OnResetStream"/> at once, on the calling thread: a reset that raced with the
    /// subscription (e.g. the connection closed between a pool handing out a stream and its user subscribing) is never lost.
    /// </summary>
    public void Add(IStreamEventListener listener)
    {
        StreamResetReason? missed = null;
        lock (_gate)
        {
            _listeners = [.. _listeners, listener];
            if (_resetDelivered != 0)
            {
                missed = _resetReason;
            }
        }

        if (missed is { } reason)
        {
            listener.OnResetStream(reason);
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
        IStreamEventListener[] listeners;
        lock (_gate)
        {
            if (_resetDelivered != 0)
            {
                return;
            }

            _resetReason = reason;
            _resetDelivered = 1;
            listeners = _listeners;
        }

        foreach (var listener in listeners)
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
