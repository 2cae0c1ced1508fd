using System.Text.Json.Nodes;
using Mosn.Abstractions.Config;

namespace Mosn.Configuration.Tests;

/// <summary>A small valid configuration to mutate in tests, and assertion helpers.</summary>
internal static class TestConfigs
{
    public const string BaseJson = """
        {
          "servers": [{
            "default_log_path": "stdout",
            "routers": [{
              "router_config_name": "r1",
              "virtual_hosts": [{
                "name": "vh1",
                "domains": ["*"],
                "routers": [{ "match": { "prefix": "/" }, "route": { "cluster_name": "c1" } }]
              }]
            }],
            "listeners": [{
              "name": "l1",
              "address": "127.0.0.1:0",
              "bind_port": true,
              "filter_chains": [{
                "filters": [{ "type": "proxy", "config": { "downstream_protocol": "Http1", "router_config_name": "r1" } }]
              }]
            }]
          }],
          "cluster_manager": {
            "clusters": [{ "name": "c1", "type": "SIMPLE", "lb_type": "LB_RANDOM", "hosts": [{ "address": "127.0.0.1:8080" }] }]
          }
        }
        """;

    public static JsonNode Base() => JsonNode.Parse(BaseJson)!;

    public static JsonNode Server(JsonNode root) => root["servers"]![0]!;

    public static JsonNode Listener(JsonNode root) => Server(root)["listeners"]![0]!;

    public static JsonNode Route(JsonNode root) => Server(root)["routers"]![0]!["virtual_hosts"]![0]!["routers"]![0]!;

    public static JsonNode Cluster(JsonNode root) => root["cluster_manager"]!["clusters"]![0]!;

    public static ConfigLoadResult Load(JsonNode root) => MosnConfigLoader.Load(root.ToJsonString(), "test.json");

    public static ConfigLoadResult Load(string json) => MosnConfigLoader.Load(json, "test.json");

    public static MosnConfig LoadValid(JsonNode root) => LoadValid(root.ToJsonString());

    public static MosnConfig LoadValid(string json)
    {
        var result = Load(json);
        Assert.True(result.Succeeded, ConfigFormatter.Format(result.Diagnostics));
        return result.Config!;
    }

    public static void AssertError(ConfigLoadResult result, string path, string messagePart)
    {
        Assert.Null(result.Config);
        Assert.True(
            result.Diagnostics.Errors.Any(e => e.Path == path && e.Message.Contains(messagePart, StringComparison.Ordinal)),
            $"expected an error at {path} containing \"{messagePart}\"; got:\n{ConfigFormatter.Format(result.Diagnostics)}");
    }

    public static void AssertWarning(ConfigLoadResult result, string path, string messagePart)
    {
        Assert.True(
            result.Diagnostics.Warnings.Any(e => e.Path == path && e.Message.Contains(messagePart, StringComparison.Ordinal)),
            $"expected a warning at {path} containing \"{messagePart}\"; got:\n{ConfigFormatter.Format(result.Diagnostics)}");
    }
}
