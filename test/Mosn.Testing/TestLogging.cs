using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mosn.Testing;

/// <summary>Logger factory for tests (silent unless MOSN_TEST_LOG=1).</summary>
public static class TestLogging
{
    /// <summary>The factory.</summary>
    public static ILoggerFactory Factory { get; } = Environment.GetEnvironmentVariable("MOSN_TEST_LOG") == "1"
        ? LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug))
        : NullLoggerFactory.Instance;
}
