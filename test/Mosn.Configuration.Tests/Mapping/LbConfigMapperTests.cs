using System.Text.Json.Nodes;

namespace Mosn.Configuration.Tests.Mapping;

public sealed class LbConfigMapperTests
{
    private const string C = "cluster_manager.clusters[0]";

    private static JsonNode WithLbConfig(string lbType, string lbConfigJson)
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["lb_type"] = lbType;
        TestConfigs.Cluster(root)["lbconfig"] = JsonNode.Parse(lbConfigJson);
        return root;
    }

    [Fact]
    public void Map_AllKeys_MapToModel()
    {
        var result = TestConfigs.Load(WithLbConfig("LB_LEAST_REQUEST", """{ "choice_count": 3, "active_request_bias": 0.5 }"""));

        Assert.True(result.Succeeded, ConfigFormatter.Format(result.Diagnostics));
        Assert.Empty(result.Diagnostics.Warnings);
        var lbConfig = result.Config!.ClusterManager.Clusters[0].LbConfig;
        Assert.Equal((3, 0.5), (lbConfig.ChoiceCount, lbConfig.ActiveRequestBias));
    }

    [Fact]
    public void Map_Absent_Defaults()
    {
        var lbConfig = TestConfigs.LoadValid(TestConfigs.Base()).ClusterManager.Clusters[0].LbConfig;

        Assert.Equal((2, 1.0), (lbConfig.ChoiceCount, lbConfig.ActiveRequestBias));
    }

    [Fact]
    public void Map_BiasZero_Accepted()
    {
        var cluster = TestConfigs.LoadValid(WithLbConfig("LB_LEAST_CONNECTION", """{ "active_request_bias": 0 }""")).ClusterManager.Clusters[0];

        Assert.Equal(0.0, cluster.LbConfig.ActiveRequestBias);
    }

    [Theory]
    [InlineData("""{ "choice_count": 1 }""", ".lbconfig.choice_count", "from 2")]
    [InlineData("""{ "choice_count": 2.5 }""", ".lbconfig.choice_count", "integer")]
    [InlineData("""{ "active_request_bias": -0.1 }""", ".lbconfig.active_request_bias", "from 0")]
    [InlineData("""{ "active_request_bias": "high" }""", ".lbconfig.active_request_bias", "number")]
    [InlineData("""[2]""", ".lbconfig", "object")]
    public void Map_Invalid_IsErrorAtPath(string json, string path, string message)
    {
        TestConfigs.AssertError(TestConfigs.Load(WithLbConfig("LB_LEAST_REQUEST", json)), C + path, message);
    }

    [Fact]
    public void Map_PeakEwmaBiases_IgnoredWithWarning()
    {
        var result = TestConfigs.Load(WithLbConfig("LB_LEAST_REQUEST", """{ "client_error_bias": 1, "server_error_bias": 2 }"""));

        Assert.True(result.Succeeded);
        TestConfigs.AssertWarning(result, $"{C}.lbconfig.client_error_bias", "ignored");
        TestConfigs.AssertWarning(result, $"{C}.lbconfig.server_error_bias", "ignored");
    }

    [Fact]
    public void Map_BalancerThatDoesNotReadIt_Warning()
    {
        var result = TestConfigs.Load(WithLbConfig("LB_RANDOM", """{ "choice_count": 3 }"""));

        Assert.True(result.Succeeded);
        TestConfigs.AssertWarning(result, $"{C}.lbconfig", "only LB_LEAST_REQUEST and LB_LEAST_CONNECTION");
    }
}
