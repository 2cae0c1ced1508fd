using Mosn.Abstractions.Streams;

namespace Mosn.Streams;

/// <summary>
/// The <see cref="IStreamEventListener"/>s of one stream. Copy-on-write, so notifications run without a lock and
/// listeners may unsubscribe from inside a callback. The reset is delivered at most once. Thread-safe; shared by the
/// protocol modules' stream types.
/// </summary>
/// <remarks>
/// Allocation-free for the usual case of one listener per stream: the subscribers are a single reference that holds
/// nothing, the listener itself, or an array when there are several, swapped with compare-and-exchange. The protocol
/// modules' stream types derive from it (their <c>Listeners</c> is the stream itself), so a stream and its listeners
/// are one object. Delivering the
/// reset swaps in a sentinel, so the reset and a racing <see cref="Add"/> agree on exactly one delivery. Once the
/// reset is delivered the listeners are dropped: later watermark events reach nobody.
/// </remarks>
public class StreamEventListeners
{
    private static readonly ResetMarker[] s_markers = [.. Enum.GetValues<StreamResetReason>().Select(r => new ResetMarker(r))];

    // null (none), an IStreamEventListener (one), an IStreamEventListener[] (several), or the ResetMarker of the reset.
    private object? _state;

    /// <summary>
    /// Subscribes <paramref name="listener"/>. A listener added after the stream was reset gets
    /// <see cref="IStreamEventListener.OnResetStream"/> at once, on the calling thread: a reset that raced with the
    /// subscription (e.g. the connection closed between a pool handing out a stream and its user subscribing) is never lost.
    /// </summary>
    public void Add(IStreamEventListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        while (true)
        {
            var current = Volatile.Read(ref _state);
            if (current is ResetMarker marker)
            {
                listener.OnResetStream(marker.Reason);
                return;
            }

            object next = current switch
            {
                null => listener,
                IStreamEventListener[] many => (IStreamEventListener[])[.. many, listener],
                _ => new[] { (IStreamEventListener)current, listener },
            };
            if (ReferenceEquals(Interlocked.CompareExchange(ref _state, next, current), current))
            {
                return;
            }
        }
    }

    /// <summary>Unsubscribes <paramref name="listener"/> (its first subscription, if it was added twice).</summary>
    public void Remove(IStreamEventListener listener)
    {
        while (true)
        {
            var current = Volatile.Read(ref _state);
            object? next;
            if (ReferenceEquals(current, listener))
            {
                next = null;
            }
            else if (current is IStreamEventListener[] many && Array.IndexOf(many, listener) is var index and >= 0)
            {
                next = many.Length == 2 ? many[1 - index] : (IStreamEventListener[])[.. many.AsSpan(0, index), .. many.AsSpan(index + 1)];
            }
            else
            {
                return;
            }

            if (ReferenceEquals(Interlocked.CompareExchange(ref _state, next, current), current))
            {
                return;
            }
        }
    }

    /// <summary>True once a reset has been delivered.</summary>
    public bool ResetDelivered => Volatile.Read(ref _state) is ResetMarker;

    /// <summary>Delivers <see cref="IStreamEventListener.OnResetStream"/> to every listener, the first time only.</summary>
    public void NotifyReset(StreamResetReason reason)
    {
        var marker = (uint)reason < (uint)s_markers.Length ? s_markers[(int)reason] : new ResetMarker(reason);
        while (true)
        {
            var current = Volatile.Read(ref _state);
            if (current is ResetMarker)
            {
                return;
            }

            if (ReferenceEquals(Interlocked.CompareExchange(ref _state, marker, current), current))
            {
                switch (current)
                {
                    case IStreamEventListener one:
                        one.OnResetStream(reason);
                        break;
                    case IStreamEventListener[] many:
                        foreach (var listener in many)
                        {
                            listener.OnResetStream(reason);
                        }

                        break;
                }

                return;
            }
        }
    }

    /// <summary>Forwards the connection's high-watermark event.</summary>
    public void NotifyAboveWriteBufferHighWatermark()
    {
        switch (Volatile.Read(ref _state))
        {
            case IStreamEventListener one:
                one.OnAboveWriteBufferHighWatermark();
                break;
            case IStreamEventListener[] many:
                foreach (var listener in many)
                {
                    listener.OnAboveWriteBufferHighWatermark();
                }

                break;
        }
    }

    /// <summary>Forwards the connection's low-watermark event.</summary>
    public void NotifyBelowWriteBufferLowWatermark()
    {
        switch (Volatile.Read(ref _state))
        {
            case IStreamEventListener one:
                one.OnBelowWriteBufferLowWatermark();
                break;
            case IStreamEventListener[] many:
                foreach (var listener in many)
                {
                    listener.OnBelowWriteBufferLowWatermark();
                }

                break;
        }
    }

    /// <summary>The state once a reset was delivered; carries its reason for late subscribers.</summary>
    private sealed class ResetMarker(StreamResetReason reason)
    {
        public StreamResetReason Reason { get; } = reason;
    }
}
