using System.Text;
using System.Threading.Channels;

namespace Mosn.Proxy.AccessLog;

/// <summary>
/// One access log output: lines go into a bounded in-memory buffer and a single background task writes them out in
/// batches (one flush per batch). <see cref="Enqueue"/> never blocks: when the buffer is full the line is dropped
/// and counted (<see cref="Dropped"/>, <see cref="AccessLogStats.Dropped"/>).
/// </summary>
/// <remarks>
/// Thread-safe: any number of threads may enqueue. <see cref="DisposeAsync"/> stops accepting lines, writes what is
/// buffered, flushes and closes the output (the stream is owned by the writer unless it was created with
/// <c>ownsStream: false</c>, as for stdout and stderr).
/// </remarks>
internal sealed class AccessLogWriter : IAsyncDisposable
{
    /// <summary>Lines buffered per output before new ones are dropped.</summary>
    public const int DefaultCapacity = 8192;

    private readonly Channel<string> _channel;
    private readonly bool _ownsStream;
    private readonly Func<Stream>? _reopen;
    private Stream _stream;
    private volatile bool _reopenRequested;
    private readonly Task _loop;
    private long _dropped;
    private long _written;
    private long _failed;

    /// <summary>Starts the writer task over <paramref name="stream"/>.</summary>
    /// <param name="name">The output's name (a path, <c>stdout</c> or <c>stderr</c>), for diagnostics.</param>
    /// <param name="stream">Where lines are written as UTF-8.</param>
    /// <param name="ownsStream">Whether disposing the writer disposes <paramref name="stream"/>.</param>
    /// <param name="capacity">Lines buffered before dropping.</param>
    /// <param name="reopen">Opens the output again (a file: by its path), for <see cref="Reopen"/>; null: not reopenable.</param>
    public AccessLogWriter(string name, Stream stream, bool ownsStream, int capacity = DefaultCapacity, Func<Stream>? reopen = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Name = name;
        _stream = stream;
        _ownsStream = ownsStream;
        _reopen = reopen;
        _channel = Channel.CreateBounded<string>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true, AllowSynchronousContinuations = false },
            _ => OnDropped());
        _loop = Task.Run(WriteLoopAsync);
    }

    /// <summary>The output's name (a path, <c>stdout</c> or <c>stderr</c>).</summary>
    public string Name { get; }

    /// <summary>Lines this writer dropped because its buffer was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Lines this writer wrote.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Lines this writer lost to write errors.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>
    /// Buffers one line (which must end with its line break). Never blocks: when the buffer is full, or the writer is
    /// closed, the line is dropped and counted.
    /// </summary>
    public void Enqueue(string line)
    {
        // DropWrite: a full buffer calls the drop callback (and TryWrite still answers true); false means completed.
        if (!_channel.Writer.TryWrite(line))
        {
            OnDropped();
        }
    }

    /// <summary>
    /// Asks the writer to close its file and open it again by path before its next batch (log rotation: after the file
    /// was renamed, new lines go to a new file of the configured name). No-op for stdout/stderr. Thread-safe.
    /// </summary>
    public void Reopen()
    {
        if (_reopen is not null)
        {
            _reopenRequested = true;
        }
    }

    private void OnDropped()
    {
        Interlocked.Increment(ref _dropped);
        AccessLogStats.OnDropped();
    }

    private async Task WriteLoopAsync()
    {
        var reader = _channel.Reader;
        var output = NewWriter(_stream);
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                long batch = 0;
                try
                {
                    if (_reopenRequested)
                    {
                        _reopenRequested = false;
                        output = await ReopenAsync(output).ConfigureAwait(false);
                    }

                    while (reader.TryRead(out var line))
                    {
                        output.Write(line);
                        batch++;
                    }

                    await output.FlushAsync().ConfigureAwait(false);
                    Interlocked.Add(ref _written, batch);
                    AccessLogStats.OnWritten(batch);
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException or UnauthorizedAccessException or NotSupportedException)
                {
                    // The output failed (disk full, pipe closed): count the batch as lost and keep serving the next ones.
                    Interlocked.Add(ref _failed, batch);
                    AccessLogStats.OnWriteFailed(batch);
                }
            }
        }
        finally
        {
            await output.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static StreamWriter NewWriter(Stream stream) =>
        new(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);

    /// <summary>Flushes and closes the current file, opens it again by path (on failure the old one is kept).</summary>
    private async Task<StreamWriter> ReopenAsync(StreamWriter output)
    {
        Stream next;
        try
        {
            next = _reopen!();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return output; // keep writing where we could; the next Reopen tries again
        }

        await output.FlushAsync().ConfigureAwait(false);
        await output.DisposeAsync().ConfigureAwait(false);
        if (_ownsStream)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        _stream = next;
        return NewWriter(next);
    }

    /// <summary>Stops accepting lines, writes and flushes the buffered ones, then closes the output.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        if (_ownsStream)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
