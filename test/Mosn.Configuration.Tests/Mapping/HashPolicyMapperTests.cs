using System.Text.Json.Nodes;
using Mosn.Abstractions.Config;

namespace Mosn.Configuration.Tests.Mapping;

public sealed class HashPolicyMapperTests
{
    private const string H = "servers[0].routers[0].virtual_hosts[0].routers[0].route.hash_policy";

    private static ConfigLoadResult Load(string hashPolicyJson)
    {
        var root = TestConfigs.Base();
        TestConfigs.Route(root)["route"]!["hash_policy"] = JsonNode.Parse(hashPolicyJson);
        return TestConfigs.Load(root);
    }

    private static IReadOnlyList<HashPolicyConfig> Policies(ConfigLoadResult result)
    {
        Assert.True(result.Succeeded, ConfigFormatter.Format(result.Diagnostics));
        return result.Config!.Servers[0].Routers[0].VirtualHosts[0].Routers[0].Route!.HashPolicy;
    }

    [Fact]
    public void Map_EveryKind_MapsInOrder()
    {
        var policies = Policies(Load("""
            [
              {"header": {"key": "x-user"}},
              {"cookie": {"name": "session", "path": "/", "ttl": "1h"}},
              {"source_ip": {}}
            ]
            """));

        Assert.Equal(
            [
                new HashPolicyConfig { Type = HashPolicyType.Header, Name = "x-user" },
                new HashPolicyConfig { Type = HashPolicyType.Cookie, Name = "session", CookiePath = "/", CookieTtl = TimeSpan.FromHours(1) },
                new HashPolicyConfig { Type = HashPolicyType.SourceIp },
            ],
            policies);
    }

    [Fact]
    public void Map_Absent_EmptyList()
    {
        var root = TestConfigs.Base();

        Assert.Empty(TestConfigs.LoadValid(root).Servers[0].Routers[0].VirtualHosts[0].Routers[0].Route!.HashPolicy);
        Assert.Empty(Policies(Load("null")));
    }

    [Fact]
    public void Map_HeaderWithoutKey_ErrorAtTheKeyPath()
    {
        TestConfigs.AssertError(Load("""[{"header": {}}]"""), $"{H}[0].header.key", "non-empty \"key\"");
    }

    [Fact]
    public void Map_CookieWithoutName_ErrorAtTheNamePath()
    {
        TestConfigs.AssertError(Load("""[{"source_ip": {}}, {"cookie": {"ttl": "10s"}}]"""), $"{H}[1].cookie.name", "non-empty \"name\"");
    }

    [Fact]
    public void Map_CookieWithBadTtl_ErrorAtTheTtlPath()
    {
        TestConfigs.AssertError(Load("""[{"cookie": {"name": "s", "ttl": "soon"}}]"""), $"{H}[0].cookie.ttl", "");
    }

    [Fact]
    public void Map_EntryWithTwoKinds_Error()
    {
        TestConfigs.AssertError(Load("""[{"header": {"key": "a"}, "source_ip": {}}]"""), $"{H}[0]", "exactly one of");
    }

    [Fact]
    public void Map_EmptyEntry_Error()
    {
        TestConfigs.AssertError(Load("""[{}]"""), $"{H}[0]", "(found: none)");
    }

    [Fact]
    public void Map_NotAList_Error()
    {
        TestConfigs.AssertError(Load("""{"header": {"key": "a"}}"""), H, "expected an array");
    }

    [Fact]
    public void Map_UnknownKeyInEntry_Warning()
    {
        var result = Load("""[{"header": {"key": "a", "regex": true}}]""");

        Assert.Equal("a", Policies(result)[0].Name);
        TestConfigs.AssertWarning(result, $"{H}[0].header.regex", "unknown key");
    }
}
