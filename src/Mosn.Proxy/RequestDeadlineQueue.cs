namespace Mosn.Proxy;

/// <summary>
/// The route-timeout deadlines of one downstream connection's requests, in the order they were armed, so that one
/// timer serves them all (see <see cref="ProxyFilter.TryArmRequestTimer"/>) instead of a timer created and disposed per
/// request.
/// </summary>
/// <remarks>
/// Deadlines only go forward: an entry whose deadline is earlier than the last one's (a shorter route timeout after a
/// longer one) is refused, and the caller takes a timer of its own, so the head is always the earliest deadline. A
/// finished request leaves its slot empty; empty slots at the head are dropped at once, so with requests finishing
/// roughly in order the queue holds about as many entries as there are requests in flight. One long request at the head
/// keeps the slots of finished ones behind it, so the queue is bounded by <see cref="Capacity"/>: past it, new requests
/// are refused (and take their own timers) until the head moves. Not thread-safe: the owner's lock guards it.
/// </remarks>
/// <typeparam name="T">The request (reference identity is what a ticket is checked against).</typeparam>
internal sealed class RequestDeadlineQueue<T>
    where T : class
{
    /// <summary>The most entries held at once.</summary>
    public const int Capacity = 1024;

    private Entry[] _entries = new Entry[4];
    private int _head; // index of the first entry in the ring
    private int _count;
    private long _headTicket = 1; // the ticket of the first entry; tickets start at 1 so that 0 means "none"

    /// <summary>The number of slots held (finished requests behind a live head included).</summary>
    public int Count => _count;

    /// <summary>
    /// Appends <paramref name="request"/> with <paramref name="deadline"/>. Returns its ticket (for <see cref="Remove"/>),
    /// or 0 when refused: the deadline is earlier than the last entry's, or the queue is full.
    /// </summary>
    public long TryAdd(T request, long deadline)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_count == Capacity || (_count > 0 && deadline < At(_count - 1).Deadline))
        {
            return 0;
        }

        if (_count == _entries.Length)
        {
            Grow();
        }

        ref var entry = ref At(_count);
        entry.Request = request;
        entry.Deadline = deadline;
        _count++;
        return _headTicket + _count - 1;
    }

    /// <summary>
    /// Removes the entry of <paramref name="ticket"/> if it still holds <paramref name="request"/>. Returns false when
    /// it does not: the request expired and was popped already (its timeout is being delivered), was removed before,
    /// or the queue was cleared. Idempotent.
    /// </summary>
    public bool Remove(long ticket, T request)
    {
        var offset = ticket - _headTicket;
        if (offset < 0 || offset >= _count)
        {
            return false;
        }

        ref var entry = ref At((int)offset);
        if (!ReferenceEquals(entry.Request, request))
        {
            return false;
        }

        entry.Request = null;
        TrimHead();
        return true;
    }

    /// <summary>Takes the first request whose deadline is at or before <paramref name="now"/>; null when there is none.</summary>
    public T? PopExpired(long now)
    {
        if (_count == 0 || At(0).Deadline > now)
        {
            return null;
        }

        var request = At(0).Request;
        PopHead();
        TrimHead();
        return request;
    }

    /// <summary>The earliest deadline held; false when the queue is empty.</summary>
    public bool TryPeekDeadline(out long deadline)
    {
        if (_count == 0)
        {
            deadline = 0;
            return false;
        }

        deadline = At(0).Deadline;
        return true;
    }

    /// <summary>Drops every entry (the connection closed).</summary>
    public void Clear()
    {
        Array.Clear(_entries);
        _headTicket += _count;
        _head = 0;
        _count = 0;
    }

    private ref Entry At(int offset)
    {
        var index = _head + offset;
        if (index >= _entries.Length)
        {
            index -= _entries.Length;
        }

        return ref _entries[index];
    }

    private void PopHead()
    {
        _entries[_head] = default;
        _head = _head + 1 == _entries.Length ? 0 : _head + 1;
        _count--;
        _headTicket++;
    }

    private void TrimHead()
    {
        while (_count > 0 && At(0).Request is null)
        {
            PopHead();
        }
    }

    private void Grow()
    {
        var larger = new Entry[Math.Min(Capacity, _entries.Length * 2)];
        for (var i = 0; i < _count; i++)
        {
            larger[i] = At(i);
        }

        _entries = larger;
        _head = 0;
    }

    private struct Entry
    {
        public T? Request;
        public long Deadline;
    }
}
