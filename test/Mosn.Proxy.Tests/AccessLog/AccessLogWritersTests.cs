using Mosn.Proxy.AccessLog;

namespace Mosn.Proxy.Tests.AccessLog;

public sealed class AccessLogWritersTests
{
    [Fact]
    public async Task Acquire_SamePathTwice_SharesOneWriterUntilLastRelease()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mosn-accesslog-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(dir, "nested", "access.log");
        try
        {
            var a = AccessLogWriters.Acquire(path, out var error);
            var b = AccessLogWriters.Acquire(Path.Combine(dir, "nested", ".", "access.log"), out _);
            Assert.Null(error);
            Assert.Same(a, b);
            a!.Enqueue("one\n");
            await AccessLogWriters.ReleaseAsync(a);
            b!.Enqueue("two\n"); // still open for the second user
            await AccessLogWriters.ReleaseAsync(b);

            Assert.Equal("one\ntwo\n", await File.ReadAllTextAsync(path));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Acquire_PathUnderAFile_ReturnsError()
    {
        var file = Path.GetTempFileName();
        try
        {
            var writer = AccessLogWriters.Acquire(Path.Combine(file, "access.log"), out var error);

            Assert.Null(writer);
            Assert.Contains("cannot open access log", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
