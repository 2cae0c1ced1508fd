using System.Text.Json.Nodes;
using Mosn.Abstractions.Config;

namespace Mosn.Configuration.Tests.Mapping;

public sealed class LbSubsetMapperTests
{
    private const string S = "cluster_manager.clusters[0].lb_subset_config";

    private static ConfigLoadResult Load(string subsetJson)
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["lb_subset_config"] = JsonNode.Parse(subsetJson);
        return TestConfigs.Load(root);
    }

    private static LbSubsetConfig? Subset(ConfigLoadResult result)
    {
        Assert.True(result.Succeeded, ConfigFormatter.Format(result.Diagnostics));
        return result.Config!.ClusterManager.Clusters[0].LbSubset;
    }

    [Fact]
    public void Map_AllKeys_MapToModel()
    {
        var subset = Subset(Load("""
            {
              "fall_back_policy": 2,
              "default_subset": {"stage": "prod", "version": "1.0"},
              "subset_selectors": [["stage", "type"], ["version"]]
            }
            """))!;

        Assert.Equal(SubsetFallbackPolicy.DefaultSubset, subset.FallbackPolicy);
        Assert.Equal(new Dictionary<string, string> { ["stage"] = "prod", ["version"] = "1.0" }, subset.DefaultSubset);
        Assert.Equal(2, subset.SubsetSelectors.Count);
        Assert.Equal(["stage", "type"], subset.SubsetSelectors[0]);
        Assert.Equal(["version"], subset.SubsetSelectors[1]);
    }

    [Fact]
    public void Map_NoSelectors_OffWithWarning()
    {
        var result = Load("""{"fall_back_policy": 1}""");

        Assert.Null(Subset(result));
        TestConfigs.AssertWarning(result, S, "no \"subset_selectors\"");
    }

    [Theory]
    [InlineData("3")]
    [InlineData("-1")]
    [InlineData("\"any\"")]
    public void Map_FallbackPolicyOutOfRange_ErrorWithPath(string value)
    {
        TestConfigs.AssertError(Load($$"""{"fall_back_policy": {{value}}, "subset_selectors": [["a"]]}"""), $"{S}.fall_back_policy", "");
    }

    [Fact]
    public void Map_SelectorNotAList_ErrorWithPath()
    {
        TestConfigs.AssertError(Load("""{"subset_selectors": [["a"], "b"]}"""), $"{S}.subset_selectors[1]", "list of metadata keys");
    }

    [Fact]
    public void Map_SelectorKeyNotAString_ErrorWithPath()
    {
        TestConfigs.AssertError(Load("""{"subset_selectors": [["a", 1]]}"""), $"{S}.subset_selectors[0][1]", "non-empty string");
    }

    [Fact]
    public void Map_DefaultSubsetValueNotAString_ErrorWithPath()
    {
        TestConfigs.AssertError(Load("""{"subset_selectors": [["a"]], "default_subset": {"a": 1}}"""), $"{S}.default_subset.a", "must be a string");
    }

    [Fact]
    public void Map_DefaultSubsetPolicyWithoutDefaultSubset_Warning()
    {
        var result = Load("""{"fall_back_policy": 2, "subset_selectors": [["a"]]}""");

        Assert.NotNull(Subset(result));
        TestConfigs.AssertWarning(result, $"{S}.default_subset", "every host");
    }

    [Fact]
    public void Map_EmptySelector_IgnoredWithWarning()
    {
        var result = Load("""{"subset_selectors": [[], ["a"]]}""");

        Assert.Single(Subset(result)!.SubsetSelectors);
        TestConfigs.AssertWarning(result, $"{S}.subset_selectors[0]", "empty subset selector");
    }
}
