using Mosn.Abstractions.Config;

namespace Mosn.Configuration.Tests;

public sealed class ConfigFormatterTests
{
    [Fact]
    public void FormatLines_ErrorsThenWarnings_WithPaths()
    {
        var diagnostics = new ConfigDiagnostics();
        diagnostics.AddWarning("tracing", "ignored: not supported by Mosn.NET yet");
        diagnostics.AddError("servers[0].listeners[1].address", "invalid address \"x\"");
        diagnostics.AddError("", "bad.json: invalid JSON at line 1, column 2: oops");

        var lines = ConfigFormatter.FormatLines(diagnostics);

        Assert.Equal(
            [
                "error: servers[0].listeners[1].address: invalid address \"x\"",
                "error: bad.json: invalid JSON at line 1, column 2: oops",
                "warning: tracing: ignored: not supported by Mosn.NET yet",
            ],
            lines);
    }

    [Fact]
    public void Format_NoDiagnostics_IsEmpty()
    {
        Assert.Equal("", ConfigFormatter.Format(new ConfigDiagnostics()));
    }
}
