namespace Mosn.Proxy.AccessLog;

/// <summary>
/// Process-wide access log counters, for the admin API and metrics. Thread-safe; every counter only grows.
/// </summary>
public static class AccessLogStats
{
    private static long s_written;
    private static long s_dropped;
    private static long s_writeFailures;

    /// <summary>Lines written to their output (file, stdout or stderr).</summary>
    public static long Written => Interlocked.Read(ref s_written);

    /// <summary>Lines dropped because an output's buffer was full (the output was slower than the traffic).</summary>
    public static long Dropped => Interlocked.Read(ref s_dropped);

    /// <summary>Lines lost because writing them failed (disk full, output closed).</summary>
    public static long WriteFailures => Interlocked.Read(ref s_writeFailures);

    internal static void OnWritten(long lines) => Interlocked.Add(ref s_written, lines);

    internal static void OnDropped() => Interlocked.Increment(ref s_dropped);

    internal static void OnWriteFailed(long lines) => Interlocked.Add(ref s_writeFailures, lines);
}
