using System.Text;
using Mosn.Proxy.AccessLog;

namespace Mosn.Proxy.Tests.AccessLog;

public sealed class AccessLogWriterTests
{
    /// <summary>A stream whose writes block until released, and which reports when the first write started.</summary>
    private sealed class StallingStream : MemoryStream
    {
        private readonly ManualResetEventSlim _release = new(false);

        public TaskCompletionSource WriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _release.Set();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Stall();
            base.Write(buffer, offset, count);
        }

        // MemoryStream.Write(span) on a derived type goes through Stream.Write(span) → Write(byte[], ...): write the
        // array form directly, or the two overrides call each other forever.
        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Stall();
            return base.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Stall();
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        private void Stall()
        {
            WriteStarted.TrySetResult();
            _release.Wait(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task Enqueue_Lines_WrittenInOrderAndFlushedOnDispose()
    {
        var stream = new MemoryStream();
        var writer = new AccessLogWriter("test", stream, ownsStream: false, capacity: 1000);
        for (var i = 0; i < 500; i++)
        {
            writer.Enqueue($"line {i}\n");
        }

        await writer.DisposeAsync();

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"line {i}"), lines);
        Assert.Equal((500L, 0L), (writer.Written, writer.Dropped));
    }

    [Fact]
    public async Task Enqueue_OutputStalledAndBufferFull_DropsAndCountsWithoutBlocking()
    {
        var stream = new StallingStream();
        var writer = new AccessLogWriter("stalled", stream, ownsStream: false, capacity: 2);
        var droppedBefore = AccessLogStats.Dropped;

        writer.Enqueue("first\n");
        await stream.WriteStarted.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the writer task now hangs in the output
        for (var i = 0; i < 10; i++)
        {
            writer.Enqueue($"more {i}\n"); // returns at once although nothing drains
        }

        Assert.Equal(8, writer.Dropped);
        Assert.True(AccessLogStats.Dropped - droppedBefore >= 8);
        stream.Release();
        await writer.DisposeAsync();

        Assert.Equal("first\nmore 0\nmore 1\n", Encoding.UTF8.GetString(stream.ToArray()));
        Assert.Equal(3, writer.Written);
    }

    [Fact]
    public async Task Enqueue_AfterDispose_Dropped()
    {
        var writer = new AccessLogWriter("closed", new MemoryStream(), ownsStream: true);
        await writer.DisposeAsync();

        writer.Enqueue("late\n");

        Assert.Equal(1, writer.Dropped);
    }

    [Fact]
    public async Task Reopen_AfterTheFileWasRenamed_NewLinesGoToANewFileOfTheSameName()
    {
        var directory = Directory.CreateTempSubdirectory("mosn-accesslog-rotate");
        try
        {
            var path = Path.Combine(directory.FullName, "access.log");
            Stream Open() => new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            var writer = new AccessLogWriter(path, Open(), ownsStream: true, reopen: Open);
            writer.Enqueue("before\n");
            await WaitForAsync(() => writer.Written == 1);

            // logrotate's "create" mode: rename, then signal.
            File.Move(path, path + ".1");
            writer.Reopen();
            writer.Enqueue("after\n");
            await writer.DisposeAsync();

            Assert.Equal("before\n", await File.ReadAllTextAsync(path + ".1"));
            Assert.Equal("after\n", await File.ReadAllTextAsync(path));
            Assert.Equal(0, writer.Failed);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Reopen_StreamWithoutReopen_KeepsWritingToIt()
    {
        var stream = new MemoryStream();
        var writer = new AccessLogWriter("memory", stream, ownsStream: false);
        writer.Reopen();
        writer.Enqueue("line\n");
        await writer.DisposeAsync();
        Assert.Equal("line\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!condition() && Environment.TickCount64 < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
