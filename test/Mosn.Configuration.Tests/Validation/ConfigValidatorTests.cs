using System.Text.Json.Nodes;

namespace Mosn.Configuration.Tests.Validation;

public sealed class ConfigValidatorTests
{
    [Fact]
    public void Validate_DuplicateListenerName_IsError()
    {
        var root = TestConfigs.Base();
        var listeners = TestConfigs.Server(root)["listeners"]!.AsArray();
        listeners.Add(listeners[0]!.DeepClone());

        TestConfigs.AssertError(TestConfigs.Load(root), "servers[0].listeners[1].name", "duplicate listener name \"l1\"; first defined at servers[0].listeners[0]");
    }

    [Fact]
    public void Validate_DuplicateRouterName_IsError()
    {
        var root = TestConfigs.Base();
        var routers = TestConfigs.Server(root)["routers"]!.AsArray();
        routers.Add(routers[0]!.DeepClone());

        TestConfigs.AssertError(TestConfigs.Load(root), "servers[0].routers[1].router_config_name", "duplicate route table name \"r1\"");
    }

    [Fact]
    public void Validate_DuplicateClusterName_IsError()
    {
        var root = TestConfigs.Base();
        var clusters = root["cluster_manager"]!["clusters"]!.AsArray();
        clusters.Add(clusters[0]!.DeepClone());

        TestConfigs.AssertError(TestConfigs.Load(root), "cluster_manager.clusters[1].name", "duplicate cluster name \"c1\"");
    }

    [Fact]
    public void Validate_RouteToMissingCluster_IsOnlyAWarning()
    {
        var root = TestConfigs.Base();
        TestConfigs.Route(root)["route"] = JsonNode.Parse("""{"cluster_name": "later"}""");

        var result = TestConfigs.Load(root);

        Assert.True(result.Succeeded);
        TestConfigs.AssertWarning(result, "servers[0].routers[0].virtual_hosts[0].routers[0].route.cluster_name", "cluster \"later\" is not defined");
    }

    [Fact]
    public void Validate_WeightedClusterMissing_IsOnlyAWarning()
    {
        var root = TestConfigs.Base();
        TestConfigs.Route(root)["route"] = JsonNode.Parse("""{"weighted_clusters": [{"cluster": {"name": "c1", "weight": 1}}, {"cluster": {"name": "gone", "weight": 1}}]}""");

        var result = TestConfigs.Load(root);

        Assert.True(result.Succeeded);
        TestConfigs.AssertWarning(result, "servers[0].routers[0].virtual_hosts[0].routers[0].route.weighted_clusters[1].cluster.name", "cluster \"gone\" is not defined");
    }

    [Fact]
    public void Validate_ProxyRouterNameMissing_IsLeftToTheProxyFactory()
    {
        var root = TestConfigs.Base();
        TestConfigs.Listener(root)["filter_chains"]![0]!["filters"]![0]!["config"]!["router_config_name"] = "nowhere";

        var result = TestConfigs.Load(root);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Diagnostics.Warnings);
    }
}
