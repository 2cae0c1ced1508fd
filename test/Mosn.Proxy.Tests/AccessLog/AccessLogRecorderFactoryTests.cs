using Mosn.Abstractions.Config;
using Mosn.Proxy.AccessLog;

namespace Mosn.Proxy.Tests.AccessLog;

public sealed class AccessLogRecorderFactoryTests
{
    private const string L = "servers[0].listeners[2]";

    private static ListenerConfig Listener(params AccessLogConfig[] logs) => new() { Name = "l", JsonPath = L, AccessLogs = logs };

    [Fact]
    public void Create_NoAccessLogs_ReturnsNullWithoutErrors()
    {
        var diagnostics = new ConfigDiagnostics();

        Assert.Null(AccessLogRecorderFactory.Create(Listener(), TimeProvider.System, diagnostics));
        Assert.False(diagnostics.HasErrors);
    }

    [Fact]
    public void Create_UnknownVariable_ErrorNamesFormatPath()
    {
        var diagnostics = new ConfigDiagnostics();
        var listener = Listener(
            new AccessLogConfig { LogPath = "stdout", LogFormat = "%start_time%" },
            new AccessLogConfig { LogPath = "stdout", LogFormat = "%start_time% %bogus%" });

        Assert.Null(AccessLogRecorderFactory.Create(listener, TimeProvider.System, diagnostics));

        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal($"{L}.access_logs[1].log_format", error.Path);
        Assert.Contains("%bogus%", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_MissingPath_ErrorNamesLogPath()
    {
        var diagnostics = new ConfigDiagnostics();

        Assert.Null(AccessLogRecorderFactory.Create(Listener(new AccessLogConfig { LogFormat = "%protocol%" }), TimeProvider.System, diagnostics));

        Assert.Equal($"{L}.access_logs[0].log_path", Assert.Single(diagnostics.Errors).Path);
    }

    [Fact]
    public async Task Create_Valid_OneLogPerEntry()
    {
        var diagnostics = new ConfigDiagnostics();

        var factory = AccessLogRecorderFactory.Create(Listener(new AccessLogConfig { LogPath = "stderr", LogFormat = "" }), TimeProvider.System, diagnostics);

        Assert.NotNull(factory);
        Assert.Single(factory.Logs);
        await factory.DisposeAsync();
    }
}
