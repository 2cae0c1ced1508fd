using System.Collections.Concurrent;
using Mosn.Abstractions.Network;

namespace Mosn.Testing;

/// <summary>Records connection events; <see cref="Closed"/> completes on the first close event.</summary>
public sealed class RecordingEventListener : IConnectionEventListener
{
    private readonly TaskCompletionSource<ConnectionEvent> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Events in order.</summary>
    public ConcurrentQueue<ConnectionEvent> Events { get; } = new();

    /// <summary>Watermark events in order: true for high, false for low.</summary>
    public ConcurrentQueue<bool> Watermarks { get; } = new();

    /// <summary>High-watermark events seen.</summary>
    public int AboveCount;

    /// <summary>Low-watermark events seen.</summary>
    public int BelowCount;

    /// <summary>Completes with the close event.</summary>
    public Task<ConnectionEvent> Closed => _closed.Task;

    /// <inheritdoc />
    public void OnEvent(ConnectionEvent connectionEvent)
    {
        Events.Enqueue(connectionEvent);
        if (connectionEvent.IsClose())
        {
            _closed.TrySetResult(connectionEvent);
        }
    }

    /// <inheritdoc />
    public void OnAboveWriteBufferHighWatermark()
    {
        Watermarks.Enqueue(true);
        Interlocked.Increment(ref AboveCount);
    }

    /// <inheritdoc />
    public void OnBelowWriteBufferLowWatermark()
    {
        Watermarks.Enqueue(false);
        Interlocked.Increment(ref BelowCount);
    }
}
