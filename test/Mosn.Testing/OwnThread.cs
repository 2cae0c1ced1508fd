using System.Runtime.ExceptionServices;

namespace Mosn.Testing;

/// <summary>
/// Runs a test body on a new thread of its own and waits for it: for code with per-thread state (the header-map and
/// send-chunk pools), which other tests running on the test runner's pool threads could otherwise have left changed.
/// </summary>
public static class OwnThread
{
    /// <summary>Runs <paramref name="body"/> on a new thread; rethrows what it threw (assertion failures included).</summary>
    public static void Run(Action body)
    {
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
    }
}
