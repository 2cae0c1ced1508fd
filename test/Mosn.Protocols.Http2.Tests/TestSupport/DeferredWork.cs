using System.Diagnostics;
using Mosn.Protocols.Http2.Connection;

namespace Mosn.Protocols.Http2.Tests.TestSupport;

/// <summary>
/// Waits until an <see cref="Http2Connection"/> has run the callbacks it queued (resets, watermarks, pool notifications,
/// a pending close). Outside the read loop the connection runs them on the thread pool, so a test must wait for them
/// before asserting. This is a wait for completion, not a timing assertion: the deadline only turns a hang into a failure.
/// </summary>
internal static class DeferredWork
{
    public static void Settle(Http2Connection connection)
    {
        var clock = Stopwatch.StartNew();
        while (connection.HasDeferredWork)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(5))
            {
                Assert.Fail("the connection queued callbacks (resets, watermarks, pool notifications or a close) that nothing ran: a code path returned without calling RunDeferred");
            }

            Thread.Sleep(1);
        }
    }
}
