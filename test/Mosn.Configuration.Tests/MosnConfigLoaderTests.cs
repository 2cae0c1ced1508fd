using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mosn.Configuration.Tests;

public sealed partial class MosnConfigLoaderTests
{
    [Fact]
    public void Load_BaseConfig_SucceedsWithoutDiagnostics()
    {
        var result = TestConfigs.Load(TestConfigs.BaseJson);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Diagnostics.Errors);
        Assert.Empty(result.Diagnostics.Warnings);
        var listener = Assert.Single(Assert.Single(result.Config!.Servers).Listeners);
        Assert.Equal("l1", listener.Name);
        Assert.Equal("servers[0].listeners[0]", listener.JsonPath);
    }

    [Fact]
    public void Load_CommentsAndTrailingCommas_AreAccepted()
    {
        var json = TestConfigs.BaseJson.Replace("\"default_log_path\": \"stdout\",", "// a comment\n\"default_log_path\": \"stdout\", /* block */", StringComparison.Ordinal)
            .Replace("\"domains\": [\"*\"],", "\"domains\": [\"*\",],", StringComparison.Ordinal);

        var config = TestConfigs.LoadValid(json);

        Assert.Equal("stdout", config.Servers[0].DefaultLogPath);
        Assert.Equal(["*"], config.Servers[0].Routers[0].VirtualHosts[0].Domains);
    }

    [Fact]
    public void Load_SyntaxError_ReportsLineAndColumn()
    {
        var result = MosnConfigLoader.Load("{\n  \"servers\": [\n    oops\n  ]\n}", "bad.json");

        Assert.Null(result.Config);
        var error = Assert.Single(result.Diagnostics.Errors);
        Assert.Equal("", error.Path);
        Assert.StartsWith("bad.json: invalid JSON at line 3, column 5:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RootNotAnObject_ReportsError()
    {
        var result = TestConfigs.Load("[1, 2]");

        var error = Assert.Single(result.Diagnostics.Errors);
        Assert.Contains("must be a JSON object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_MissingFile_ReportsErrorInsteadOfThrowing()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mosn-missing-{Guid.NewGuid():N}.json");

        var result = MosnConfigLoader.LoadFile(path);

        Assert.Null(result.Config);
        Assert.Contains("cannot read the configuration file", Assert.Single(result.Diagnostics.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_ValidFile_LoadsIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mosn-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, TestConfigs.BaseJson);
        try
        {
            var result = MosnConfigLoader.LoadFile(path);

            Assert.True(result.Succeeded, ConfigFormatter.Format(result.Diagnostics));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_SeveralErrors_AreAllReported()
    {
        var root = TestConfigs.Base();
        TestConfigs.Listener(root)["address"] = "127.0.0.1";
        TestConfigs.Listener(root)["connection_idle_timeout"] = "ten";
        TestConfigs.Route(root)["match"]!["regex"] = "(";
        TestConfigs.Cluster(root)["type"] = "EDS";
        TestConfigs.Cluster(root)["hosts"]![0]!["weight"] = 500;

        var result = TestConfigs.Load(root);

        Assert.Null(result.Config);
        Assert.True(result.Diagnostics.Errors.Count >= 5, ConfigFormatter.Format(result.Diagnostics));
        TestConfigs.AssertError(result, "servers[0].listeners[0].address", "missing port");
        TestConfigs.AssertError(result, "servers[0].listeners[0].connection_idle_timeout", "expected a duration like \"10s\", got \"ten\"");
        TestConfigs.AssertError(result, "servers[0].routers[0].virtual_hosts[0].routers[0].match.regex", "invalid regular expression");
        TestConfigs.AssertError(result, "cluster_manager.clusters[0].type", "not supported yet");
        TestConfigs.AssertError(result, "cluster_manager.clusters[0].hosts[0].weight", "from 1 to 128");
    }

    [Fact]
    public void Load_KeysInOtherCase_MatchAsInGo()
    {
        var root = TestConfigs.Base();
        var cluster = TestConfigs.Cluster(root).AsObject();
        cluster.Remove("name");
        cluster["Name"] = "c1";

        var config = TestConfigs.LoadValid(root);

        Assert.Equal("c1", config.ClusterManager.Clusters[0].Name);
    }

    [Fact]
    public void Load_UnknownKeys_AreWarningsWithPaths()
    {
        var root = TestConfigs.Base();
        root["bogus"] = 1;
        TestConfigs.Listener(root)["log_path"] = "stdout";
        TestConfigs.Cluster(root)["hosts"]![0]!["colour"] = "red";

        var result = TestConfigs.Load(root);

        Assert.True(result.Succeeded);
        TestConfigs.AssertWarning(result, "bogus", "unknown key \"bogus\"");
        TestConfigs.AssertWarning(result, "servers[0].listeners[0].log_path", "unknown key");
        TestConfigs.AssertWarning(result, "cluster_manager.clusters[0].hosts[0].colour", "unknown key");
    }

    [Theory]
    [InlineData("tracing")]
    [InlineData("metrics")]
    [InlineData("pprof")]
    [InlineData("dynamic_resources")]
    public void Load_RecognisedButUnsupportedTopLevelKey_IsIgnoredWithWarning(string key)
    {
        var root = TestConfigs.Base();
        root[key] = new JsonObject { ["enable"] = true };

        var result = TestConfigs.Load(root);

        Assert.True(result.Succeeded);
        TestConfigs.AssertWarning(result, key, "ignored: not supported by Mosn.NET yet");
    }

    [Fact]
    public void Load_Admin_MapsSocketAddress()
    {
        var root = TestConfigs.Base();
        root["admin"] = JsonNode.Parse("""{"address": {"socket_address": {"address": "127.0.0.1", "port_value": 34999}}}""");

        var config = TestConfigs.LoadValid(root);

        Assert.Equal("127.0.0.1", config.Admin!.Address);
        Assert.Equal(34999, config.Admin.Port);
    }

    [Fact]
    public void Load_AdminWithBadValues_ReportsErrors()
    {
        var root = TestConfigs.Base();
        root["admin"] = JsonNode.Parse("""{"address": {"socket_address": {"address": "localhost", "port_value": 70000}}}""");

        var result = TestConfigs.Load(root);

        TestConfigs.AssertError(result, "admin.address.socket_address.address", "expected an IP address");
        TestConfigs.AssertError(result, "admin.address.socket_address.port_value", "from 0 to 65535");
    }

    [Fact]
    public void Load_NoAdmin_LeavesAdminNull()
    {
        Assert.Null(TestConfigs.LoadValid(TestConfigs.BaseJson).Admin);
    }

    [Fact]
    public void Load_GracefulTimeout_ParsesGoDuration()
    {
        var root = TestConfigs.Base();
        TestConfigs.Server(root)["graceful_timeout"] = "1m30s";

        var config = TestConfigs.LoadValid(root);

        Assert.Equal(TimeSpan.FromSeconds(90), config.Servers[0].GracefulTimeout);
    }

    [Fact]
    public void Load_RawConfigs_OutliveTheDocument()
    {
        var config = TestConfigs.LoadValid(TestConfigs.BaseJson);
        GC.Collect();

        var filter = config.Servers[0].Listeners[0].FilterChains[0].Filters[0];

        Assert.Equal(JsonValueKind.Object, filter.Config.ValueKind);
        Assert.Equal("r1", filter.Config.GetProperty("router_config_name").GetString());
    }
}
