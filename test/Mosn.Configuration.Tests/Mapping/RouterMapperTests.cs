using System.Text.Json.Nodes;

namespace Mosn.Configuration.Tests.Mapping;

public sealed class RouterMapperTests
{
    [Fact]
    public void Map_TableAndVirtualHostHeaders_MapToModel()
    {
        var root = TestConfigs.Base();
        var router = TestConfigs.Server(root)["routers"]![0]!;
        router["request_headers_to_add"] = JsonNode.Parse("""[{"header": {"key": "x-t", "value": "1"}}]""");
        router["response_headers_to_remove"] = JsonNode.Parse("""["x-gone"]""");
        router["virtual_hosts"]![0]!["response_headers_to_add"] = JsonNode.Parse("""[{"header": {"key": "x-v", "value": "2"}, "append": false}]""");

        var mapped = TestConfigs.LoadValid(root).Servers[0].Routers[0];

        Assert.Equal(("r1", "servers[0].routers[0]"), (mapped.RouterConfigName, mapped.JsonPath));
        Assert.Equal("x-t", Assert.Single(mapped.RequestHeadersToAdd).Key);
        Assert.Equal(["x-gone"], mapped.ResponseHeadersToRemove);
        var vhostHeader = Assert.Single(mapped.VirtualHosts[0].ResponseHeadersToAdd);
        Assert.False(vhostHeader.Append);
        Assert.Equal("vh1", mapped.VirtualHosts[0].Name);
    }

    [Fact]
    public void Map_EmptyRouterName_IsError()
    {
        var root = TestConfigs.Base();
        TestConfigs.Server(root)["routers"]![0]!["router_config_name"] = "";

        TestConfigs.AssertError(TestConfigs.Load(root), "servers[0].routers[0].router_config_name", "non-empty \"router_config_name\"");
    }

    [Fact]
    public void Map_RouterConfigsDirectory_IsNotSupported()
    {
        var root = TestConfigs.Base();
        TestConfigs.Server(root)["routers"]![0]!["router_configs"] = "/etc/mosn/routers";

        TestConfigs.AssertError(TestConfigs.Load(root), "servers[0].routers[0].router_configs", "not supported yet");
    }
}
