namespace Mosn.Proxy.Tests;

public sealed class RequestDeadlineQueueTests
{
    [Fact]
    public void PopExpired_DeadlinesInOrder_ReturnsOnlyThosePast()
    {
        var queue = new RequestDeadlineQueue<object>();
        object a = new(), b = new(), c = new();
        Assert.NotEqual(0, queue.TryAdd(a, 10));
        Assert.NotEqual(0, queue.TryAdd(b, 20));
        Assert.NotEqual(0, queue.TryAdd(c, 30));

        Assert.Null(queue.PopExpired(9));
        Assert.Same(a, queue.PopExpired(20));
        Assert.Same(b, queue.PopExpired(20));
        Assert.Null(queue.PopExpired(20));
        Assert.True(queue.TryPeekDeadline(out var next));
        Assert.Equal(30, next);
    }

    [Fact]
    public void TryAdd_EarlierDeadlineThanTheLast_Refused()
    {
        var queue = new RequestDeadlineQueue<object>();
        Assert.NotEqual(0, queue.TryAdd(new object(), 100));
        Assert.Equal(0, queue.TryAdd(new object(), 99));
        Assert.NotEqual(0, queue.TryAdd(new object(), 100));
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public void Remove_FinishedHead_DroppedAtOnceWithFinishedOnesBehindIt()
    {
        var queue = new RequestDeadlineQueue<object>();
        object a = new(), b = new(), c = new();
        var ta = queue.TryAdd(a, 10);
        var tb = queue.TryAdd(b, 20);
        queue.TryAdd(c, 30);

        Assert.True(queue.Remove(tb, b)); // behind a live head: its slot stays until the head moves
        Assert.Equal(3, queue.Count);
        Assert.True(queue.Remove(ta, a));
        Assert.Equal(1, queue.Count);
        Assert.False(queue.Remove(ta, a)); // idempotent
        Assert.True(queue.TryPeekDeadline(out var next));
        Assert.Equal(30, next);
        Assert.Same(c, queue.PopExpired(long.MaxValue));
        Assert.False(queue.TryPeekDeadline(out _));
    }

    [Fact]
    public void Remove_StaleTicketOrOtherRequest_LeavesTheQueueAlone()
    {
        var queue = new RequestDeadlineQueue<object>();
        object a = new(), b = new();
        var ta = queue.TryAdd(a, 10);
        Assert.Same(a, queue.PopExpired(10)); // expired and popped: its later Remove must not touch b
        var tb = queue.TryAdd(b, 20);
        Assert.NotEqual(ta, tb);

        Assert.False(queue.Remove(ta, a)); // popped: its timeout is being delivered
        Assert.False(queue.Remove(tb, a));
        Assert.False(queue.Remove(tb + 5, b));
        Assert.Equal(1, queue.Count);
        Assert.Same(b, queue.PopExpired(20));
    }

    [Fact]
    public void TryAdd_PastCapacityBehindALongRequest_RefusedUntilTheHeadMoves()
    {
        var queue = new RequestDeadlineQueue<object>();
        var longOne = new object();
        var longTicket = queue.TryAdd(longOne, 1);
        for (var i = 1; i < RequestDeadlineQueue<object>.Capacity; i++)
        {
            var r = new object();
            queue.Remove(queue.TryAdd(r, 1 + i), r); // finished at once, but behind the long request
        }

        Assert.Equal(RequestDeadlineQueue<object>.Capacity, queue.Count);
        Assert.Equal(0, queue.TryAdd(new object(), 5000));

        queue.Remove(longTicket, longOne);
        Assert.Equal(0, queue.Count);
        Assert.NotEqual(0, queue.TryAdd(new object(), 5000));
    }

    [Fact]
    public void TryAdd_WrapsAroundTheRing_KeepsOrderAndTickets()
    {
        var queue = new RequestDeadlineQueue<object>();
        var live = new Queue<(object Request, long Ticket, long Deadline)>();
        long deadline = 0;
        for (var round = 0; round < 50; round++)
        {
            for (var i = 0; i < 3; i++)
            {
                var r = new object();
                deadline++;
                live.Enqueue((r, queue.TryAdd(r, deadline), deadline));
            }

            // The oldest two finish (one removed, one expiring), one stays in flight.
            var (r1, t1, _) = live.Dequeue();
            queue.Remove(t1, r1);
            var (r2, _, d2) = live.Dequeue();
            Assert.Same(r2, queue.PopExpired(d2));
        }

        Assert.Equal(live.Count, queue.Count);
        foreach (var (request, ticket, d) in live)
        {
            Assert.True(queue.TryPeekDeadline(out var head));
            Assert.Equal(d, head);
            Assert.Same(request, queue.PopExpired(d));
            queue.Remove(ticket, request); // already popped: no effect
        }

        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Clear_OldTicketsNoLongerMatch()
    {
        var queue = new RequestDeadlineQueue<object>();
        var a = new object();
        var ta = queue.TryAdd(a, 10);
        queue.Clear();
        var b = new object();
        var tb = queue.TryAdd(b, 5); // an empty queue takes any deadline
        queue.Remove(ta, a);
        Assert.Equal(1, queue.Count);
        queue.Remove(tb, b);
        Assert.Equal(0, queue.Count);
    }
}
