using Mosn.Configuration;
using Mosn.Hosting;
using Mosn.Testing;

namespace Mosn.IntegrationTests.Proxy;

/// <summary>MOSN's own sample configs (test/Mosn.Configuration.Tests/Fixtures/mosn) through the whole server build.</summary>
public sealed class MosnSampleConfigTests
{
    private static string Fixture(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Mosn.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir!.FullName, "test", "Mosn.Configuration.Tests", "Fixtures", "mosn", name);
    }

    [Theory]
    [InlineData("mosn_config.json")]
    [InlineData("mosn_config_dev.json")]
    public async Task MosnSample_UsingBuiltFeatures_BuildsWithoutErrors(string name)
    {
        var loaded = MosnConfigLoader.LoadFile(Fixture(name));
        Assert.True(loaded.Config is not null, string.Join("\n", loaded.Diagnostics.Errors));
        var registry = BuiltInExtensions.CreateBuilder(TestLogging.Factory).Build();
        var server = MosnServer.TryCreate(loaded.Config!, registry, TestLogging.Factory, TimeProvider.System, loaded.Diagnostics);
        Assert.True(server is not null, string.Join("\n", loaded.Diagnostics.Errors));
        await server!.DisposeAsync();
    }

    [Theory]
    [InlineData("mosn_config_dubbo.json", "unknown stream filter \"dubbo_adapter\"")]
    [InlineData("mosn_rpc_config.json", "unknown stream filter \"healthcheck\"")]
    public void MosnSample_NeedingUnbuiltFeatures_RejectedWithThePlace(string name, string expected)
    {
        var loaded = MosnConfigLoader.LoadFile(Fixture(name));
        Assert.NotNull(loaded.Config);
        var registry = BuiltInExtensions.CreateBuilder(TestLogging.Factory).Build();
        var server = MosnServer.TryCreate(loaded.Config!, registry, TestLogging.Factory, TimeProvider.System, loaded.Diagnostics);
        Assert.Null(server);
        Assert.Contains(loaded.Diagnostics.Errors, e => e.Message.Contains(expected, StringComparison.Ordinal) && e.Path.StartsWith("servers[0].listeners[", StringComparison.Ordinal));
    }
}
