using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Filters.Fault;
using Mosn.Filters.Tests.Fakes;

namespace Mosn.Filters.Tests.Fault;

public sealed class FaultStreamFilterFactoryTests
{
    private const string Path = "servers[0].listeners[0].stream_filters[0].config";

    private static (FaultConfig? Config, ConfigDiagnostics Diagnostics) Parse(string json)
    {
        var diagnostics = new ConfigDiagnostics();
        using var document = JsonDocument.Parse(json);
        var factory = new FaultStreamFilterFactory().CreateFactory(document.RootElement.Clone(), Path, diagnostics, new StubFilterFactoryContext(TimeProvider.System));
        return ((factory as FaultStreamFilterChainFactory)?.Config, diagnostics);
    }

    [Fact]
    public void Name_IsFault() => Assert.Equal("fault", new FaultStreamFilterFactory().Name);

    [Fact]
    public void CreateFactory_MosnConfig_ParsesEveryKey()
    {
        var (config, diagnostics) = Parse("""
            {
              "delay": {"fixed_delay": "1.5s", "percentage": 30},
              "abort": {"status": 503, "percentage": 20},
              "upstream_cluster": "backend",
              "headers": [{"name": "x-user", "value": "tester"}, {"name": "service", "value": "^Echo", "regex": true}]
            }
            """);

        Assert.Empty(diagnostics.Errors);
        Assert.Empty(diagnostics.Warnings);
        Assert.NotNull(config);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), config.FixedDelay);
        Assert.Equal(30, config.DelayPercent);
        Assert.Equal(503, config.AbortStatus);
        Assert.Equal(20, config.AbortPercent);
        Assert.Equal("backend", config.UpstreamCluster);
        Assert.Equal(2, config.Headers.Count);
        Assert.Null(config.Headers[0].Pattern);
        Assert.NotNull(config.Headers[1].Pattern);
    }

    [Fact]
    public void CreateFactory_DelayAsNanoseconds_Accepted()
    {
        var (config, diagnostics) = Parse("""{"delay": {"fixed_delay": 2000000000, "percentage": 100}}""");

        Assert.Empty(diagnostics.Errors);
        Assert.Equal(TimeSpan.FromSeconds(2), config!.FixedDelay);
    }

    [Theory]
    [InlineData("""{"abort": {"status": 503, "percentage": 101}}""", ".abort.percentage")]
    [InlineData("""{"abort": {"status": 503, "percentage": -1}}""", ".abort.percentage")]
    [InlineData("""{"abort": {"status": 503, "percentage": 12.5}}""", ".abort.percentage")]
    [InlineData("""{"abort": {"status": 99, "percentage": 10}}""", ".abort.status")]
    [InlineData("""{"abort": {"status": 600, "percentage": 10}}""", ".abort.status")]
    [InlineData("""{"abort": {"percentage": 10}}""", ".abort.status")]
    [InlineData("""{"delay": {"fixed_delay": "-1s", "percentage": 10}}""", ".delay.fixed_delay")]
    [InlineData("""{"delay": {"fixed_delay": "soon", "percentage": 10}}""", ".delay.fixed_delay")]
    [InlineData("""{"delay": {"percentage": 10}}""", ".delay.fixed_delay")]
    [InlineData("""{"delay": {"fixed_delay": "1s", "percentage": 200}}""", ".delay.percentage")]
    [InlineData("""{"delay": "1s"}""", ".delay")]
    [InlineData("""{"abort": {"status": 503, "percentage": 1}, "headers": [{"value": "x"}]}""", ".headers[0].name")]
    [InlineData("""{"abort": {"status": 503, "percentage": 1}, "headers": [{"name": "a", "value": "(", "regex": true}]}""", ".headers[0].value")]
    [InlineData("""{"abort": {"status": 503, "percentage": 1}, "headers": [{"name": "a", "regex": "yes"}]}""", ".headers[0].regex")]
    [InlineData("""{"abort": {"status": 503, "percentage": 1}, "upstream_cluster": 5}""", ".upstream_cluster")]
    [InlineData("""[1]""", "")]
    public void CreateFactory_InvalidValue_ErrorAtPath(string json, string relativePath)
    {
        var (config, diagnostics) = Parse(json);

        Assert.Null(config);
        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal(Path + relativePath, error.Path);
    }

    [Fact]
    public void CreateFactory_SeveralProblems_ReportsThemAll()
    {
        var (_, diagnostics) = Parse("""{"delay": {"fixed_delay": "x", "percentage": 101}, "abort": {"status": 1, "percentage": 101}}""");

        string[] expected = [Path + ".abort.percentage", Path + ".abort.status", Path + ".delay.fixed_delay", Path + ".delay.percentage"];
        Assert.Equal(expected, diagnostics.Errors.Select(e => e.Path).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void CreateFactory_UnknownKey_WarnsAtPath()
    {
        var (config, diagnostics) = Parse("""{"abort": {"status": 503, "percentage": 5, "grpc_status": 14}, "max_active_faults": 3}""");

        Assert.NotNull(config);
        Assert.Equal([Path + ".abort.grpc_status", Path + ".max_active_faults"], diagnostics.Warnings.Select(w => w.Path).Order().ToArray());
    }

    [Fact]
    public void CreateFactory_NothingToInject_Warns()
    {
        var (config, diagnostics) = Parse("{}");

        Assert.NotNull(config);
        Assert.Equal(Path, Assert.Single(diagnostics.Warnings).Path);
    }
}
