using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mosn.Configuration.Tests.Mapping;

public sealed class ListenerMapperTests
{
    private const string L = "servers[0].listeners[0]";

    [Fact]
    public void Map_AllListenerKeys_MapToModel()
    {
        var root = TestConfigs.Base();
        var listener = TestConfigs.Listener(root);
        listener["type"] = "ingress";
        listener["connection_idle_timeout"] = "90s";
        listener["per_connection_buffer_limit_bytes"] = 65536;
        listener["access_logs"] = JsonNode.Parse("""[{"log_path": "/tmp/a.log", "log_format": "%start_time%"}]""");
        listener["stream_filters"] = JsonNode.Parse("""[{"type": "fault", "config": {"delay": {"fixed_delay": "1s"}}}]""");
        listener["listener_filters"] = JsonNode.Parse("""[{"type": "original_dst"}]""");

        var config = TestConfigs.LoadValid(root);

        var mapped = config.Servers[0].Listeners[0];
        Assert.Equal("ingress", mapped.Type);
        Assert.Equal("tcp", mapped.Network);
        Assert.Equal(TimeSpan.FromSeconds(90), mapped.ConnectionIdleTimeout);
        Assert.Equal(65536, mapped.PerConnectionBufferLimitBytes);
        Assert.Equal(("/tmp/a.log", "%start_time%"), (mapped.AccessLogs[0].LogPath, mapped.AccessLogs[0].LogFormat));
        var stream = Assert.Single(mapped.StreamFilters);
        Assert.Equal($"{L}.stream_filters[0]", stream.JsonPath);
        Assert.Equal("1s", stream.Config.GetProperty("delay").GetProperty("fixed_delay").GetString());
        var listenerFilter = Assert.Single(mapped.ListenerFilters);
        Assert.Equal("original_dst", listenerFilter.Type);
        Assert.Equal(JsonValueKind.Object, listenerFilter.Config.ValueKind);
        Assert.Equal($"{L}.filter_chains[0].filters[0]", mapped.FilterChains[0].Filters[0].JsonPath);
    }

    [Fact]
    public void Map_UnixNetwork_AcceptsSocketPath()
    {
        var root = TestConfigs.Base();
        TestConfigs.Listener(root)["network"] = "UNIX";
        TestConfigs.Listener(root)["address"] = "/tmp/mosn-test.sock";

        var listener = TestConfigs.LoadValid(root).Servers[0].Listeners[0];

        Assert.Equal(("unix", "/tmp/mosn-test.sock"), (listener.Network, listener.Address));
    }

    [Fact]
    public void Map_UdpNetwork_IsNotSupported()
    {
        var root = TestConfigs.Base();
        TestConfigs.Listener(root)["network"] = "udp";

        TestConfigs.AssertError(TestConfigs.Load(root), $"{L}.network", "not supported yet");
    }

    [Fact]
    public void Map_MissingBindPort_WarnsAndDoesNotBind()
    {
        var root = TestConfigs.Base();
        TestConfigs.Listener(root).AsObject().Remove("bind_port");

        var result = TestConfigs.Load(root);

        Assert.True(result.Succeeded);
        Assert.False(result.Config!.Servers[0].Listeners[0].BindPort);
        TestConfigs.AssertWarning(result, $"{L}.bind_port", "does not bind its port");
    }

    [Fact]
    public void Map_EmptyName_IsError()
    {
        var root = TestConfigs.Base();
        TestConfigs.Listener(root)["name"] = "";

        TestConfigs.AssertError(TestConfigs.Load(root), $"{L}.name", "non-empty \"name\"");
    }

    [Fact]
    public void Map_MissingAddress_IsError()
    {
        var root = TestConfigs.Base();
        TestConfigs.Listener(root).AsObject().Remove("address");

        TestConfigs.AssertError(TestConfigs.Load(root), $"{L}.address", "needs an \"address\"");
    }

    [Fact]
    public void Map_BadAddress_IsErrorWithReason()
    {
        var root = TestConfigs.Base();
        TestConfigs.Listener(root)["address"] = "1.2.3.4:http";

        TestConfigs.AssertError(TestConfigs.Load(root), $"{L}.address", "invalid address \"1.2.3.4:http\"");
    }

    [Fact]
    public void Map_NoFilterChains_IsError()
    {
        var root = TestConfigs.Base();
        TestConfigs.Listener(root)["filter_chains"] = new JsonArray();

        TestConfigs.AssertError(TestConfigs.Load(root), $"{L}.filter_chains", "at least one filter");
    }

    [Fact]
    public void Map_FilterChainWithoutFilters_IsError()
    {
        var root = TestConfigs.Base();
        TestConfigs.Listener(root)["filter_chains"]![0]!["filters"] = new JsonArray();

        TestConfigs.AssertError(TestConfigs.Load(root), $"{L}.filter_chains[0].filters", "at least one network filter");
    }

    [Fact]
    public void Map_FilterWithoutType_IsError()
    {
        var root = TestConfigs.Base();
        TestConfigs.Listener(root)["filter_chains"]![0]!["filters"]![0]!["type"] = "";

        TestConfigs.AssertError(TestConfigs.Load(root), $"{L}.filter_chains[0].filters[0].type", "non-empty \"type\"");
    }

    [Fact]
    public void Map_TlsEnabled_IsError()
    {
        var root = TestConfigs.Base();
        TestConfigs.Listener(root)["filter_chains"]![0]!["tls_context"] = JsonNode.Parse("""{"status": true, "cert_chain": "x"}""");

        TestConfigs.AssertError(TestConfigs.Load(root), $"{L}.filter_chains[0].tls_context.status", "TLS is not supported yet");
    }

    [Fact]
    public void Map_TlsDisabled_IsKeptRaw()
    {
        var root = TestConfigs.Base();
        TestConfigs.Listener(root)["filter_chains"]![0]!["tls_context"] = JsonNode.Parse("""{"status": false}""");

        var chain = TestConfigs.LoadValid(root).Servers[0].Listeners[0].FilterChains[0];

        Assert.False(chain.TlsContext!.Value.GetProperty("status").GetBoolean());
    }

    [Fact]
    public void Map_SecondFilterChain_IsWarnedUnused()
    {
        var root = TestConfigs.Base();
        var chains = TestConfigs.Listener(root)["filter_chains"]!.AsArray();
        chains.Add(chains[0]!.DeepClone());

        TestConfigs.AssertWarning(TestConfigs.Load(root), $"{L}.filter_chains[1]", "only the first filter chain");
    }

    [Fact]
    public void Map_RecognisedListenerKeys_AreIgnoredWithWarning()
    {
        var root = TestConfigs.Base();
        TestConfigs.Listener(root)["inspector"] = true;

        var result = TestConfigs.Load(root);

        TestConfigs.AssertWarning(result, $"{L}.inspector", "ignored: not supported by Mosn.NET yet");
    }

    [Theory]
    [InlineData("true", "redirect")]
    [InlineData("false", null)]
    [InlineData("\"redirect\"", "redirect")]
    [InlineData("\"TPROXY\"", "tproxy")]
    [InlineData("\"\"", null)]
    public void Map_UseOriginalDst_MapsToMode(string json, string? expected)
    {
        var root = TestConfigs.Base();
        TestConfigs.Listener(root)["use_original_dst"] = JsonNode.Parse(json);

        var result = TestConfigs.Load(root);

        Assert.True(result.Succeeded, ConfigFormatter.Format(result.Diagnostics));
        Assert.Equal(expected, result.Config!.Servers[0].Listeners[0].UseOriginalDst);
        Assert.DoesNotContain(result.Diagnostics.Warnings, w => w.Path == $"{L}.use_original_dst");
    }

    [Fact]
    public void Map_UseOriginalDstAbsent_IsOff()
    {
        Assert.Null(TestConfigs.LoadValid(TestConfigs.Base()).Servers[0].Listeners[0].UseOriginalDst);
    }

    [Theory]
    [InlineData("\"nat\"")]
    [InlineData("1")]
    [InlineData("{}")]
    public void Map_UseOriginalDstInvalid_IsErrorWithPath(string json)
    {
        var root = TestConfigs.Base();
        TestConfigs.Listener(root)["use_original_dst"] = JsonNode.Parse(json);

        TestConfigs.AssertError(TestConfigs.Load(root), $"{L}.use_original_dst", "use_original_dst must be true, false, \"redirect\" or \"tproxy\"");
    }

    [Fact]
    public void Map_UseOriginalDstOnUnixListener_IsError()
    {
        var root = TestConfigs.Base();
        TestConfigs.Listener(root)["network"] = "unix";
        TestConfigs.Listener(root)["address"] = "/tmp/mosn-odst-test.sock";
        TestConfigs.Listener(root)["use_original_dst"] = "redirect";

        TestConfigs.AssertError(TestConfigs.Load(root), $"{L}.use_original_dst", "needs a TCP listener");
    }
}
