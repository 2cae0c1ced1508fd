namespace Mosn.Proxy.AccessLog;

/// <summary>Process-wide control of the access log files, for the host (signals).</summary>
public static class AccessLogFiles
{
    /// <summary>
    /// Reopens every access log file by its configured path before its next line (after <c>logrotate</c> renamed it):
    /// what MOSN does on SIGUSR1. Lines buffered before the call may land in either file; none is lost. Thread-safe.
    /// </summary>
    public static void Reopen() => AccessLogWriters.ReopenAll();
}
