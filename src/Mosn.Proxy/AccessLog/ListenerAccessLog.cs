using System.Text;

namespace Mosn.Proxy.AccessLog;

/// <summary>
/// One entry of a listener's <c>access_logs</c>: a parsed format writing to a shared output. Thread-safe: any stream
/// may log at once; formatting uses a per-thread buffer and the line is handed to the output without waiting.
/// </summary>
internal sealed class ListenerAccessLog : IAsyncDisposable
{
    private const int MaxRetainedBuilder = 16 * 1024;

    [ThreadStatic]
    private static StringBuilder? t_builder;

    private readonly AccessLogWriter _writer;
    private readonly bool _shared;
    private int _disposed;

    /// <summary>Creates a log over <paramref name="writer"/>.</summary>
    /// <param name="format">The parsed format.</param>
    /// <param name="writer">The output.</param>
    /// <param name="shared">True when <paramref name="writer"/> came from <see cref="AccessLogWriters.Acquire"/> (released on dispose); false when the log owns it.</param>
    public ListenerAccessLog(AccessLogFormat format, AccessLogWriter writer, bool shared)
    {
        Format = format;
        _writer = writer;
        _shared = shared;
    }

    /// <summary>The format.</summary>
    public AccessLogFormat Format { get; }

    /// <summary>The output.</summary>
    public AccessLogWriter Writer => _writer;

    /// <summary>Formats <paramref name="entry"/> and queues the line. Never blocks and never throws for a slow output.</summary>
    public void Log(in AccessLogEntry entry)
    {
        var builder = t_builder ??= new StringBuilder(256);
        builder.Clear();
        Format.Format(entry, builder);
        builder.Append('\n');
        _writer.Enqueue(builder.ToString());
        if (builder.Capacity > MaxRetainedBuilder)
        {
            t_builder = null; // one huge header must not pin a huge buffer on the thread
        }
    }

    /// <summary>Releases the output (the last user flushes and closes it). Idempotent.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return ValueTask.CompletedTask;
        }

        return _shared ? AccessLogWriters.ReleaseAsync(_writer) : _writer.DisposeAsync();
    }
}
