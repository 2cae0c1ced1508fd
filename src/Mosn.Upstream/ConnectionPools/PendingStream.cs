using Mosn.Abstractions.Streams;
using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.ConnectionPools;

/// <summary>
/// A request waiting for a stream: in a ping-pong pool because it is at <c>max_connections</c>, in a multiplexed pool
/// because every connection is full and one is being opened (or none may be). Completed exactly once: with a stream
/// when a connection or a stream slot frees up (or a new connection comes up), or with a failure on timeout,
/// cancellation, connect failure or drain.
/// </summary>
internal sealed class PendingStream
{
    private readonly TaskCompletionSource<PoolStreamResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _cancellation;
    private ITimer? _timer;
    private Action<PendingStream>? _expire;

    public PendingStream(IStreamReceiver receiver)
    {
        Receiver = receiver;
        Node = new LinkedListNode<PendingStream>(this);
    }

    /// <summary>Where the response of the stream goes.</summary>
    public IStreamReceiver Receiver { get; }

    /// <summary>This waiter's node in the pool's queue (in the queue while <c>Node.List</c> is set; pool lock).</summary>
    public LinkedListNode<PendingStream> Node { get; }

    /// <summary>Completes with the pool's answer.</summary>
    public Task<PoolStreamResult> Task => _completion.Task;

    /// <summary>
    /// Arms the wait limits: after <paramref name="timeout"/> (zero or infinite: none) or when
    /// <paramref name="cancellationToken"/> fires, <paramref name="expire"/> is called (it must be idempotent, and
    /// may run before this method returns).
    /// </summary>
    public void Arm(TimeProvider timeProvider, TimeSpan timeout, Action<PendingStream> expire, CancellationToken cancellationToken)
    {
        _expire = expire;
        if (timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            _timer = timeProvider.CreateTimer(static s => Expire(s), this, timeout, Timeout.InfiniteTimeSpan);
        }

        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.Register(static s => Expire(s), this);
        }

        if (_completion.Task.IsCompleted)
        {
            // Completed while arming: release what was just armed.
            _timer?.Dispose();
            _cancellation.Dispose();
        }
    }

    /// <summary>Completes the wait (first call wins) and releases the timer and the cancellation registration.</summary>
    public bool TryComplete(PoolStreamResult result)
    {
        _timer?.Dispose();
        _cancellation.Dispose();
        return _completion.TrySetResult(result);
    }

    private static void Expire(object? state)
    {
        var pending = (PendingStream)state!;
        pending._expire?.Invoke(pending);
    }
}
