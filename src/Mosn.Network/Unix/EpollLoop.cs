using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Mosn.Network.Unix;

/// <summary>
/// An event loop of our own on Linux: one thread blocked in <c>epoll_wait</c> that calls the handlers of the file
/// descriptors that became ready. Sockets are registered edge-triggered for reading and writing once, for their whole
/// life (no <c>epoll_ctl</c> per operation, no zero-byte receive to post again, no <c>recv</c> returning EAGAIN to learn
/// that a socket is drained), and every pass over the ready events runs as one write batch: all the writes the handlers
/// made are flushed once at the end of the pass (an HTTP/2 connection multiplexing several upstream responses that
/// arrived together sends them in one <c>send</c>).
/// </summary>
/// <remarks>
/// <para>The process has <see cref="Count"/> loops (one per processor it may run on, or <c>MOSN_EVENT_LOOPS</c>);
/// a socket registered from a loop's thread joins that loop (an upstream connection made while serving a downstream one
/// stays on its thread), others are spread round-robin. Loop threads are background threads that live as long as the
/// process.</para>
/// <para>Registrations are slots in a table; the event's data is the slot and a generation (<see cref="IEpollHandler.EpollToken"/>),
/// so an event still in a pass's array for a socket unregistered meanwhile (by another thread) is recognised and
/// dropped. A file descriptor must be unregistered before it is closed.</para>
/// </remarks>
internal sealed unsafe class EpollLoop
{
    /// <summary>Environment variable naming the socket engine: <c>epoll</c> (the default on Linux) or <c>dotnet</c> (.NET's own).</summary>
    public const string EngineVariable = "MOSN_SOCKET_ENGINE";

    /// <summary>Environment variable setting the number of loops (default: the processors the process may run on).</summary>
    public const string CountVariable = "MOSN_EVENT_LOOPS";

    private const int MaxEvents = 256;

    private static readonly Lazy<EpollLoop[]> s_loops = new(CreateLoops);
    private static int s_next;

    [ThreadStatic]
    private static EpollLoop? t_current;

    private readonly int _epfd;
    private readonly bool _drivesHeartbeat; // the first loop runs ConnectionHeartbeat's tick
    private readonly Lock _slotsLock = new();
    private readonly Stack<int> _freeSlots = new();
    private IEpollHandler?[] _slots = new IEpollHandler?[256];

    // Handlers that stopped early to let the others run (loop thread only): called again in the next pass.
    private List<(IEpollHandler Handler, ulong Token)> _deferred = [];
    private List<(IEpollHandler Handler, ulong Token)> _deferredNext = [];
    private int _usedSlots;
    private uint _generation;

    private EpollLoop(int index)
    {
        _drivesHeartbeat = index == 0;
        _epfd = Epoll.Create(Epoll.CloseOnExec);
        if (_epfd < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }

        var thread = new Thread(static s => ((EpollLoop)s!).Run(), maxStackSize: 0)
        {
            IsBackground = true,
            Name = $"mosn-loop-{index}",
        };
        thread.UnsafeStart(this);
    }

    /// <summary>True when sockets use these loops by default: on Linux, unless <see cref="EngineVariable"/> says <c>dotnet</c>.</summary>
    public static bool IsDefault { get; } = OperatingSystem.IsLinux()
        && !string.Equals(Environment.GetEnvironmentVariable(EngineVariable), "dotnet", StringComparison.OrdinalIgnoreCase);

    /// <summary>The loop whose thread this is, or null.</summary>
    public static EpollLoop? Current => t_current;

    /// <summary>How many loops the process runs.</summary>
    public static int Count => s_loops.Value.Length;

    /// <summary>Starts the loops if they are not running yet.</summary>
    public static void EnsureStarted() => _ = s_loops.Value;

    /// <summary>The loop to register a new socket with: the current thread's loop, else the next one round-robin.</summary>
    public static EpollLoop Pick()
    {
        if (t_current is { } current)
        {
            return current;
        }

        var loops = s_loops.Value;
        return loops[(int)((uint)Interlocked.Increment(ref s_next) % (uint)loops.Length)];
    }

    /// <summary>
    /// Registers <paramref name="socket"/>'s descriptor, edge-triggered, for <paramref name="events"/> (plus errors and
    /// hang-ups), delivering to <paramref name="handler"/>; false when the descriptor cannot be added (the socket is
    /// closed). Events may be delivered before this returns.
    /// </summary>
    public bool Register(IEpollHandler handler, Socket socket, uint events)
    {
        int slot;
        lock (_slotsLock)
        {
            if (!_freeSlots.TryPop(out slot))
            {
                slot = _usedSlots++;
                if (slot == _slots.Length)
                {
                    var larger = new IEpollHandler?[_slots.Length * 2];
                    _slots.CopyTo(larger, 0);
                    Volatile.Write(ref _slots, larger);
                }
            }

            handler.EpollToken = (ulong)(uint)slot | ((ulong)++_generation << 32);
            _slots[slot] = handler;
        }

        int error;
        try
        {
            error = Epoll.Add(_epfd, Descriptor(socket), events | Epoll.EdgeTriggered | Epoll.RdHup, handler.EpollToken);
        }
        catch (ObjectDisposedException)
        {
            error = -1;
        }

        if (error != 0)
        {
            FreeSlot(handler);
            return false;
        }

        return true;
    }

    /// <summary>Removes <paramref name="socket"/>'s descriptor (call before closing it); no event reaches <paramref name="handler"/> afterwards.</summary>
    public void Unregister(IEpollHandler handler, Socket socket)
    {
        try
        {
            Epoll.Delete(_epfd, Descriptor(socket));
        }
        catch (ObjectDisposedException)
        {
            // Closed already: the kernel removed it.
        }

        FreeSlot(handler);
    }

    private void FreeSlot(IEpollHandler handler)
    {
        var slot = (int)(uint)handler.EpollToken;
        lock (_slotsLock)
        {
            if (ReferenceEquals(_slots[slot], handler))
            {
                _slots[slot] = null;
                _freeSlots.Push(slot);
            }
        }
    }

    /// <summary>
    /// From the loop's thread: calls <paramref name="handler"/> again with <see cref="Epoll.In"/> in the next pass (a
    /// reader that stopped receiving so the loop's other sockets get their turn; edge-triggered, its socket would
    /// report nothing new).
    /// </summary>
    public void Defer(IEpollHandler handler)
    {
        Debug.Assert(t_current == this, "Defer is called on the loop's own thread");
        _deferred.Add((handler, handler.EpollToken));
    }

    private static int Descriptor(Socket socket) => (int)socket.SafeHandle.DangerousGetHandle();

    private static EpollLoop[] CreateLoops()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable(CountVariable), out var n) && n > 0
            ? Math.Min(n, 256)
            : Environment.ProcessorCount;
        var loops = new EpollLoop[count];
        for (var i = 0; i < count; i++)
        {
            loops[i] = new EpollLoop(i);
        }

        return loops;
    }

    private void Run()
    {
        t_current = this;
        var events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * Epoll.EventSize));
        var untilHeartbeat = ConnectionHeartbeat.IntervalMilliseconds;
        while (true)
        {
            var n = Epoll.Wait(_epfd, events, MaxEvents, _deferred.Count > 0 ? 0 : _drivesHeartbeat ? untilHeartbeat : -1);
            if (n < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Epoll.EIntr)
                {
                    n = 0;
                }
                else
                {
                    // Only a programming error (a bad epoll descriptor) gets here; every socket of the loop would hang.
                    Environment.FailFast($"epoll_wait failed with errno {errno}");
                }
            }

            SocketConnection.RunBatched((this, (nint)events, n), static s => s.Item1.Deliver((byte*)s.Item2, s.Item3));
            if (_drivesHeartbeat)
            {
                untilHeartbeat = ConnectionHeartbeat.Instance.TickIfDue();
            }
        }
    }

    private void Deliver(byte* events, int count)
    {
        // The handlers deferred in the previous pass; those deferring again now go to the next one.
        var deferred = _deferred;
        _deferred = _deferredNext;
        foreach (var (handler, token) in deferred)
        {
            if (handler.EpollToken == token)
            {
                Call(handler, Epoll.In);
            }
        }

        deferred.Clear();
        _deferredNext = deferred;

        var slots = Volatile.Read(ref _slots);
        for (var i = 0; i < count; i++)
        {
            var ev = events + (i * Epoll.EventSize);
            var mask = *(uint*)ev;
            var data = *(ulong*)(ev + Epoll.DataOffset);
            var slot = (int)(uint)data;
            if ((uint)slot >= (uint)slots.Length)
            {
                slots = Volatile.Read(ref _slots); // grown after this pass began
            }

            var handler = slots[slot];
            if (handler is null || handler.EpollToken != data)
            {
                continue; // unregistered since the kernel reported it
            }

            Call(handler, mask);
        }
    }

    private static void Call(IEpollHandler handler, uint events)
    {
        try
        {
            handler.OnEpollEvents(events);
        }
        catch (Exception ex)
        {
            handler.OnEpollFailure(ex);
        }
    }
}
