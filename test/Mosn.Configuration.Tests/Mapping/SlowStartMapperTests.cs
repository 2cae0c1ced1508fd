using System.Text.Json.Nodes;

namespace Mosn.Configuration.Tests.Mapping;

public sealed class SlowStartMapperTests
{
    private const string C = "cluster_manager.clusters[0]";

    private static JsonNode WithSlowStart(string slowStartJson, string lbType = "LB_WEIGHTED_ROUNDROBIN")
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["lb_type"] = lbType;
        TestConfigs.Cluster(root)["slow_start"] = JsonNode.Parse(slowStartJson);
        return root;
    }

    [Fact]
    public void Map_MosnExample_MapsToModel()
    {
        // MOSN's examples/codes/slow-start-sample.
        var result = TestConfigs.Load(WithSlowStart("""
            { "mode": "duration", "slow_start_duration": "30s", "aggression": 1, "min_weight_percent": 0.1 }
            """));

        Assert.True(result.Succeeded, ConfigFormatter.Format(result.Diagnostics));
        Assert.Empty(result.Diagnostics.Warnings);
        var slowStart = result.Config!.ClusterManager.Clusters[0].SlowStart!;
        Assert.Equal(("duration", TimeSpan.FromSeconds(30), 1.0, 0.1), (slowStart.Mode, slowStart.Duration, slowStart.Aggression, slowStart.MinWeightPercent));
    }

    [Fact]
    public void Map_OnlyModeAndDuration_Defaults()
    {
        var slowStart = TestConfigs.LoadValid(WithSlowStart("""{ "mode": "duration", "slow_start_duration": "1m" }""", "LB_LEAST_REQUEST"))
            .ClusterManager.Clusters[0].SlowStart!;

        Assert.Equal((TimeSpan.FromMinutes(1), 1.0, 0.1), (slowStart.Duration, slowStart.Aggression, slowStart.MinWeightPercent));
    }

    [Fact]
    public void Map_NoMode_NoSlowStartWithWarning()
    {
        var result = TestConfigs.Load(WithSlowStart("""{ "slow_start_duration": "30s" }"""));

        Assert.True(result.Succeeded);
        Assert.Null(result.Config!.ClusterManager.Clusters[0].SlowStart);
        TestConfigs.AssertWarning(result, $"{C}.slow_start", "\"mode\": \"duration\"");
    }

    [Theory]
    [InlineData("""{ "mode": "requests", "slow_start_duration": "30s" }""", ".slow_start.mode", "unknown slow start mode")]
    [InlineData("""{ "mode": "duration" }""", ".slow_start.slow_start_duration", "required")]
    [InlineData("""{ "mode": "duration", "slow_start_duration": "0s" }""", ".slow_start.slow_start_duration", "positive")]
    [InlineData("""{ "mode": "duration", "slow_start_duration": "30" }""", ".slow_start.slow_start_duration", "duration")]
    [InlineData("""{ "mode": "duration", "slow_start_duration": "30s", "aggression": 0 }""", ".slow_start.aggression", "greater than 0")]
    [InlineData("""{ "mode": "duration", "slow_start_duration": "30s", "aggression": -1 }""", ".slow_start.aggression", "from 0")]
    [InlineData("""{ "mode": "duration", "slow_start_duration": "30s", "min_weight_percent": 10 }""", ".slow_start.min_weight_percent", "from 0 to 1")]
    [InlineData("""{ "mode": "duration", "slow_start_duration": "30s", "min_weight_percent": "10%" }""", ".slow_start.min_weight_percent", "number")]
    public void Map_Invalid_IsErrorAtPath(string json, string path, string message)
    {
        TestConfigs.AssertError(TestConfigs.Load(WithSlowStart(json)), C + path, message);
    }

    [Fact]
    public void Map_BadDuration_OneErrorOnly()
    {
        var result = TestConfigs.Load(WithSlowStart("""{ "mode": "duration", "slow_start_duration": "soon" }"""));

        Assert.Single(result.Diagnostics.Errors, e => e.Path == $"{C}.slow_start.slow_start_duration");
    }

    [Fact]
    public void Map_BalancerWithoutSlowStart_Warning()
    {
        var result = TestConfigs.Load(WithSlowStart("""{ "mode": "duration", "slow_start_duration": "30s" }""", "LB_RANDOM"));

        Assert.True(result.Succeeded);
        TestConfigs.AssertWarning(result, $"{C}.slow_start", "ignored: slow start applies to LB_WEIGHTED_ROUNDROBIN");
    }
}
