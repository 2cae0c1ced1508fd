namespace Mosn.Proxy.AccessLog;

/// <summary>
/// The open access log outputs of the process, shared by path: every listener logging to the same file (or to
/// <c>stdout</c>/<c>stderr</c>) uses one <see cref="AccessLogWriter"/>, so lines never interleave mid-line. Counted:
/// the output closes when its last user releases it. Thread-safe; used at config time and at shutdown only.
/// </summary>
internal static class AccessLogWriters
{
    private static readonly Lock s_lock = new();
    private static readonly Dictionary<string, (AccessLogWriter Writer, int Users)> s_open = new(StringComparer.Ordinal);

    /// <summary>
    /// Returns the writer for <paramref name="path"/> (a file path, created with its directories and appended to, or
    /// <c>stdout</c>/<c>stderr</c>), opening it if needed. Returns null with a message when the file cannot be opened.
    /// Each successful call must be paired with one <see cref="ReleaseAsync"/>.
    /// </summary>
    public static AccessLogWriter? Acquire(string path, out string? error)
    {
        string key;
        try
        {
            key = path is "stdout" or "stderr" ? path : Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            error = $"invalid log_path \"{path}\": {ex.Message}";
            return null;
        }

        lock (s_lock)
        {
            if (s_open.TryGetValue(key, out var open))
            {
                s_open[key] = (open.Writer, open.Users + 1);
                error = null;
                return open.Writer;
            }

            var writer = Open(key, out error);
            if (writer is not null)
            {
                s_open[key] = (writer, 1);
            }

            return writer;
        }
    }

    /// <summary>Gives back a writer from <see cref="Acquire"/>; the last user's release flushes and closes it.</summary>
    public static ValueTask ReleaseAsync(AccessLogWriter writer)
    {
        lock (s_lock)
        {
            foreach (var (key, open) in s_open)
            {
                if (!ReferenceEquals(open.Writer, writer))
                {
                    continue;
                }

                if (open.Users > 1)
                {
                    s_open[key] = (writer, open.Users - 1);
                    return ValueTask.CompletedTask;
                }

                s_open.Remove(key);
                break;
            }
        }

        return writer.DisposeAsync();
    }

    /// <summary>Asks every open file output to reopen its file before its next batch (log rotation, SIGUSR1).</summary>
    public static void ReopenAll()
    {
        lock (s_lock)
        {
            foreach (var (_, open) in s_open)
            {
                open.Writer.Reopen();
            }
        }
    }

    private static AccessLogWriter? Open(string key, out string? error)
    {
        error = null;
        switch (key)
        {
            case "stdout":
                return new AccessLogWriter(key, Console.OpenStandardOutput(), ownsStream: false);
            case "stderr":
                return new AccessLogWriter(key, Console.OpenStandardError(), ownsStream: false);
        }

        try
        {
            if (Path.GetDirectoryName(key) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            // Shared for reading and deletion so operators can tail, rotate or remove the file while it is open.
            Stream OpenFile() => new FileStream(key, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            return new AccessLogWriter(key, OpenFile(), ownsStream: true, reopen: OpenFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            error = $"cannot open access log \"{key}\": {ex.Message}";
            return null;
        }
    }
}
