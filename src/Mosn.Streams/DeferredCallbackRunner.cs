namespace Mosn.Streams;

/// <summary>
/// Runs the callbacks a stream connection queued while holding its lock (stream resets, watermark transitions, pool
/// notifications, a close) once the lock is released: inline on the connection's read loop, which holds no other
/// lock, and on the thread pool from any other thread, whose caller may hold a stream's lock that those callbacks
/// would take in the opposite order. One runner at a time per connection, so callbacks arrive in the order queued.
/// </summary>
/// <remarks>
/// The owner marks work pending (<see cref="MarkPending"/>) and, in its drain when it finds its queues empty, idle
/// (<see cref="MarkIdle"/>), both while holding its lock. The drain takes one batch under the lock, runs it outside,
/// and repeats until the queues are empty.
/// </remarks>
public sealed class DeferredCallbackRunner
{
    private readonly Lock _owner;
    private readonly Action _drain;
    private volatile bool _pending;
    private int _scheduled;
    private int _running;
    private int _rerun;

    /// <summary>Creates a runner for the connection guarded by <paramref name="owner"/>; <paramref name="drain"/> empties its queues.</summary>
    public DeferredCallbackRunner(Lock owner, Action drain)
    {
        _owner = owner;
        _drain = drain;
    }

    /// <summary>True while queued callbacks have not all run (tests wait on it).</summary>
    public bool IsPending => _pending;

    /// <summary>Records that callbacks were queued. Call while holding the owner's lock.</summary>
    public void MarkPending() => _pending = true;

    /// <summary>Records that the queues are empty. Call from the drain, while holding the owner's lock.</summary>
    public void MarkIdle() => _pending = false;

    /// <summary>
    /// Runs the queued callbacks: now when <paramref name="inline"/> (the read loop), otherwise on the thread pool. A
    /// no-op with nothing queued, or while the calling thread holds the owner's lock (the outermost caller runs them).
    /// </summary>
    public void Run(bool inline)
    {
        if (!_pending || _owner.IsHeldByCurrentThread)
        {
            return;
        }

        if (!inline)
        {
            if (Interlocked.Exchange(ref _scheduled, 1) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(
                    static runner =>
                    {
                        Volatile.Write(ref runner._scheduled, 0);
                        runner.Run(inline: true);
                    },
                    this,
                    preferLocal: true);
            }

            return;
        }

        Volatile.Write(ref _rerun, 1);
        while (Volatile.Read(ref _rerun) != 0 && Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            Volatile.Write(ref _rerun, 0);
            try
            {
                _drain();
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }
        }
    }
}
