using System.Text.Json.Nodes;

namespace Mosn.Configuration.Tests.Validation;

public sealed class DomainValidatorTests
{
    private const string V = "servers[0].routers[0].virtual_hosts";

    private static ConfigLoadResult LoadHosts(string virtualHostsJson)
    {
        var root = TestConfigs.Base();
        TestConfigs.Server(root)["routers"]![0]!["virtual_hosts"] = JsonNode.Parse(virtualHostsJson);
        return TestConfigs.Load(root);
    }

    private static string Host(string name, string domains) =>
        $$$"""{"name": "{{{name}}}", "domains": {{{domains}}}, "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "c1"}}]}""";

    [Fact]
    public void Validate_ValidWildcards_Pass()
    {
        var result = LoadHosts($"[{Host("a", """["*.example.com", "api.*", "exact.com:8080"]""")}, {Host("b", """["*"]""")}]");

        Assert.True(result.Succeeded, ConfigFormatter.Format(result.Diagnostics));
    }

    [Fact]
    public void Validate_NoDomains_IsError()
    {
        TestConfigs.AssertError(LoadHosts($"[{Host("a", "[]")}]"), $"{V}[0].domains", "at least one domain");
    }

    [Fact]
    public void Validate_EmptyDomain_IsError()
    {
        TestConfigs.AssertError(LoadHosts($"[{Host("a", """[""]""")}]"), $"{V}[0].domains[0]", "must not be empty");
    }

    [Theory]
    [InlineData("a.*.com")]
    [InlineData("*a.com")]
    [InlineData("**")]
    [InlineData("*.")]
    [InlineData("*.a.*")]
    public void Validate_BadWildcard_IsError(string domain)
    {
        TestConfigs.AssertError(LoadHosts($"[{Host("a", $"[\"{domain}\"]")}]"), $"{V}[0].domains[0]", "invalid wildcard domain");
    }

    [Fact]
    public void Validate_DuplicateDomainAcrossHosts_IsError()
    {
        TestConfigs.AssertError(
            LoadHosts($"[{Host("a", """["x.com"]""")}, {Host("b", """["X.COM"]""")}]"),
            $"{V}[1].domains[0]",
            $"duplicate domain \"X.COM\"; first defined at {V}[0].domains[0]");
    }

    [Fact]
    public void Validate_TwoDefaultHosts_IsError()
    {
        TestConfigs.AssertError(
            LoadHosts($"[{Host("a", """["*"]""")}, {Host("b", """["*"]""")}]"),
            $"{V}[1].domains[0]",
            "more than one default virtual host");
    }
}
