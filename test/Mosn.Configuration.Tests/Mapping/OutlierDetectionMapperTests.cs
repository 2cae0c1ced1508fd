using System.Text.Json.Nodes;

namespace Mosn.Configuration.Tests.Mapping;

public sealed class OutlierDetectionMapperTests
{
    private const string C = "cluster_manager.clusters[0]";

    [Fact]
    public void Map_SuccessRateAndFailurePercentageKeys_MapToModel()
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["outlier_detection"] = JsonNode.Parse("""
            {
              "success_rate_minimum_hosts": 3, "success_rate_request_volume": 20, "success_rate_stdev_factor": 1000,
              "enforcing_success_rate": 90, "enforcing_local_origin_success_rate": 80,
              "failure_percentage_threshold": 60, "failure_percentage_minimum_hosts": 2,
              "failure_percentage_request_volume": 10, "enforcing_failure_percentage": 100,
              "enforcing_failure_percentage_local_origin": 70
            }
            """);

        var result = TestConfigs.Load(root);

        Assert.True(result.Succeeded);
        Assert.DoesNotContain(result.Diagnostics.Warnings, w => w.Path.Contains("outlier_detection", StringComparison.Ordinal));
        var outlier = result.Config!.ClusterManager.Clusters[0].OutlierDetection!;
        Assert.Equal((3, 20, 1000, 90, 80), (outlier.SuccessRateMinimumHosts, outlier.SuccessRateRequestVolume,
            outlier.SuccessRateStdevFactor, outlier.EnforcingSuccessRate, outlier.EnforcingLocalOriginSuccessRate));
        Assert.Equal((60, 2, 10, 100, 70), (outlier.FailurePercentageThreshold, outlier.FailurePercentageMinimumHosts,
            outlier.FailurePercentageRequestVolume, outlier.EnforcingFailurePercentage, outlier.EnforcingFailurePercentageLocalOrigin));
    }

    [Fact]
    public void Map_Empty_UsesEnvoyDefaults()
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["outlier_detection"] = JsonNode.Parse("{}");

        var outlier = TestConfigs.LoadValid(root).ClusterManager.Clusters[0].OutlierDetection!;

        Assert.Equal((5, 100, 1900, 100, 100), (outlier.SuccessRateMinimumHosts, outlier.SuccessRateRequestVolume,
            outlier.SuccessRateStdevFactor, outlier.EnforcingSuccessRate, outlier.EnforcingLocalOriginSuccessRate));
        Assert.Equal((85, 5, 50, 0, 0), (outlier.FailurePercentageThreshold, outlier.FailurePercentageMinimumHosts,
            outlier.FailurePercentageRequestVolume, outlier.EnforcingFailurePercentage, outlier.EnforcingFailurePercentageLocalOrigin));
    }

    [Theory]
    [InlineData("""{"enforcing_success_rate": 101}""", ".outlier_detection.enforcing_success_rate", "from 0 to 100")]
    [InlineData("""{"failure_percentage_threshold": -1}""", ".outlier_detection.failure_percentage_threshold", "from 0 to 100")]
    [InlineData("""{"success_rate_request_volume": 0}""", ".outlier_detection.success_rate_request_volume", "from 1")]
    [InlineData("""{"failure_percentage_request_volume": "many"}""", ".outlier_detection.failure_percentage_request_volume", "integer")]
    [InlineData("""{"success_rate_stdev_factor": -5}""", ".outlier_detection.success_rate_stdev_factor", "from 0")]
    [InlineData("""{"success_rate_minimum_hosts": 1.5}""", ".outlier_detection.success_rate_minimum_hosts", "integer")]
    public void Map_Invalid_IsErrorAtPath(string json, string path, string message)
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["outlier_detection"] = JsonNode.Parse(json);

        TestConfigs.AssertError(TestConfigs.Load(root), C + path, message);
    }
}
