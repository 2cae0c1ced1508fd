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
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly Task _loop;
    private long _dropped;
    private long _written;
    private long _failed;

    /// <summary>Starts the writer task over <paramref name="stream"/>.</summary>
    /// <param name="name">The output's name (a path, <c>stdout</c> or <c>stderr</c>), for diagnostics.</param>
    /// <param name="stream">Where lines are written as UTF-8.</param>
    /// <param name="ownsStream">Whether disposing the writer disposes <paramref name="stream"/>.</param>
    /// <param name="capacity">Lines buffered before dropping.</param>
    public AccessLogWriter(string name, Stream stream, bool ownsStream, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Name = name;
        _stream = stream;
        _ownsStream = ownsStream;
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

    private void OnDropped()
    {
        Interlocked.Increment(ref _dropped);
        AccessLogStats.OnDropped();
    }

    private async Task WriteLoopAsync()
    {
        var reader = _channel.Reader;
        var output = new StreamWriter(_stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);
        await using (output.ConfigureAwait(false))
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                long batch = 0;
                try
                {
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
