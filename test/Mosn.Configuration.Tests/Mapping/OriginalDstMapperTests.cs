using System.Text.Json.Nodes;

namespace Mosn.Configuration.Tests.Mapping;

public sealed class OriginalDstMapperTests
{
    private const string C = "cluster_manager.clusters[0]";

    private static JsonNode WithCluster(string clusterJson)
    {
        var root = TestConfigs.Base();
        root["cluster_manager"]!["clusters"] = JsonNode.Parse($"[{clusterJson}]");
        return root;
    }

    [Fact]
    public void Map_AllKeys_MapToModel()
    {
        var root = WithCluster("""
            {
              "name": "c1", "type": "ORIGINAL_DST", "lb_type": "LB_ORIGINAL_DST", "cleanup_interval": "30s",
              "original_dst_lb_config": { "use_header": true, "header_name": "x-dst", "replace_local": true }
            }
            """);

        var result = TestConfigs.Load(root);

        Assert.True(result.Succeeded, ConfigFormatter.Format(result.Diagnostics));
        Assert.Empty(result.Diagnostics.Warnings);
        var cluster = result.Config!.ClusterManager.Clusters[0];
        Assert.Equal(("ORIGINAL_DST", "LB_ORIGINAL_DST"), (cluster.Type, cluster.LbType));
        Assert.Equal((true, "x-dst", true, TimeSpan.FromSeconds(30)),
            (cluster.OriginalDstLb.UseHeader, cluster.OriginalDstLb.HeaderName, cluster.OriginalDstLb.ReplaceLocal, cluster.OriginalDstLb.CleanupInterval));
    }

    [Fact]
    public void Map_OriginalDstTypeWithoutLbType_ImpliesBalancerAndDefaults()
    {
        var cluster = TestConfigs.LoadValid(WithCluster("""{ "name": "c1", "type": "original_dst" }""")).ClusterManager.Clusters[0];

        Assert.Equal(("ORIGINAL_DST", "LB_ORIGINAL_DST"), (cluster.Type, cluster.LbType));
        Assert.Equal((false, "host", false, TimeSpan.FromSeconds(5)),
            (cluster.OriginalDstLb.UseHeader, cluster.OriginalDstLb.HeaderName, cluster.OriginalDstLb.ReplaceLocal, cluster.OriginalDstLb.CleanupInterval));
        Assert.Empty(cluster.Hosts);
    }

    [Fact]
    public void Map_EmptyHeaderName_MeansHost()
    {
        var cluster = TestConfigs.LoadValid(WithCluster("""
            { "name": "c1", "type": "ORIGINAL_DST", "original_dst_lb_config": { "use_header": true, "header_name": "" } }
            """)).ClusterManager.Clusters[0];

        Assert.Equal("host", cluster.OriginalDstLb.HeaderName);
    }

    [Fact]
    public void Map_OriginalDstWithOtherLbType_IsErrorAtLbType()
    {
        var result = TestConfigs.Load(WithCluster("""{ "name": "c1", "type": "ORIGINAL_DST", "lb_type": "LB_RANDOM" }"""));

        TestConfigs.AssertError(result, $"{C}.lb_type", "needs \"lb_type\": \"LB_ORIGINAL_DST\"");
    }

    [Fact]
    public void Map_LbOriginalDstOnStrictDns_IsError()
    {
        var result = TestConfigs.Load(WithCluster("""
            { "name": "c1", "type": "STRICT_DNS", "lb_type": "LB_ORIGINAL_DST", "hosts": [{ "address": "example.com:80" }] }
            """));

        TestConfigs.AssertError(result, $"{C}.lb_type", "needs \"type\": \"ORIGINAL_DST\"");
    }

    [Fact]
    public void Map_LbOriginalDstOnSimpleCluster_ServedAsOriginalDstWithWarnings()
    {
        // MOSN's own tproxy example: a SIMPLE cluster with LB_ORIGINAL_DST and a placeholder host.
        var result = TestConfigs.Load(WithCluster("""
            { "name": "c1", "type": "SIMPLE", "lb_type": "LB_ORIGINAL_DST", "hosts": [{ "address": "127.0.0.1:80" }],
              "original_dst_lb_config": { "replace_local": true } }
            """));

        Assert.True(result.Succeeded, ConfigFormatter.Format(result.Diagnostics));
        var cluster = result.Config!.ClusterManager.Clusters[0];
        Assert.Equal(("ORIGINAL_DST", "LB_ORIGINAL_DST", true), (cluster.Type, cluster.LbType, cluster.OriginalDstLb.ReplaceLocal));
        Assert.Empty(cluster.Hosts);
        TestConfigs.AssertWarning(result, $"{C}.lb_type", "served as type ORIGINAL_DST");
        TestConfigs.AssertWarning(result, $"{C}.hosts", "ignored: an ORIGINAL_DST cluster has no configured hosts");
    }

    [Fact]
    public void Map_OriginalDstWithHostsAndHealthCheck_IgnoredWithWarnings()
    {
        var result = TestConfigs.Load(WithCluster("""
            { "name": "c1", "type": "ORIGINAL_DST", "hosts": [{ "address": "10.0.0.1:80" }, { "address": "backend:80" }],
              "health_check": { "protocol": "Http1" }, "outlier_detection": { "consecutive_5xx": 3 },
              "lb_subset_config": { "subset_selectors": [["zone"]] } }
            """));

        Assert.True(result.Succeeded, ConfigFormatter.Format(result.Diagnostics));
        var cluster = result.Config!.ClusterManager.Clusters[0];
        Assert.Empty(cluster.Hosts);
        Assert.Null(cluster.HealthCheck);
        Assert.Null(cluster.OutlierDetection);
        Assert.Null(cluster.LbSubset);
        TestConfigs.AssertWarning(result, $"{C}.hosts", "no configured hosts");
        TestConfigs.AssertWarning(result, $"{C}.health_check", "no health checking");
        TestConfigs.AssertWarning(result, $"{C}.outlier_detection", "no outlier detection");
        TestConfigs.AssertWarning(result, $"{C}.lb_subset_config", "no subsets");
    }

    [Fact]
    public void Map_OriginalDstKeysOnOtherCluster_IgnoredWithWarning()
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["original_dst_lb_config"] = JsonNode.Parse("""{ "use_header": true }""");
        TestConfigs.Cluster(root)["cleanup_interval"] = "10s";

        var result = TestConfigs.Load(root);

        Assert.True(result.Succeeded, ConfigFormatter.Format(result.Diagnostics));
        TestConfigs.AssertWarning(result, $"{C}.original_dst_lb_config", "ignored: only an ORIGINAL_DST cluster");
        TestConfigs.AssertWarning(result, $"{C}.cleanup_interval", "ignored: only an ORIGINAL_DST cluster");
    }

    [Theory]
    [InlineData("use_header", "\"yes\"", "expected true or false")]
    [InlineData("replace_local", "1", "expected true or false")]
    [InlineData("header_name", "5", "expected a string")]
    public void Map_BadOriginalDstLbConfigValue_IsErrorWithPath(string key, string json, string message)
    {
        var root = WithCluster($$"""{ "name": "c1", "type": "ORIGINAL_DST", "original_dst_lb_config": { "{{key}}": {{json}} } }""");

        TestConfigs.AssertError(TestConfigs.Load(root), $"{C}.original_dst_lb_config.{key}", message);
    }

    [Fact]
    public void Map_UnknownOriginalDstLbConfigKey_Warns()
    {
        var result = TestConfigs.Load(WithCluster("""{ "name": "c1", "type": "ORIGINAL_DST", "original_dst_lb_config": { "use_headers": true } }"""));

        TestConfigs.AssertWarning(result, $"{C}.original_dst_lb_config.use_headers", "unknown key \"use_headers\"");
    }

    [Theory]
    [InlineData("\"0s\"", "must be positive")]
    [InlineData("\"soon\"", "expected a duration")]
    public void Map_BadCleanupInterval_IsErrorWithPath(string json, string message)
    {
        var root = WithCluster($$"""{ "name": "c1", "type": "ORIGINAL_DST", "cleanup_interval": {{json}} }""");

        TestConfigs.AssertError(TestConfigs.Load(root), $"{C}.cleanup_interval", message);
    }
}
