using System.Text.Json.Nodes;

namespace Mosn.Configuration.Tests.Mapping;

public sealed class ClusterMapperTests
{
    private const string C = "cluster_manager.clusters[0]";

    [Fact]
    public void Map_AllClusterKeys_MapToModel()
    {
        var root = TestConfigs.Base();
        root["cluster_manager"]!["clusters"] = JsonNode.Parse("""
            [{
              "name": "c1", "type": "STATIC", "lb_type": "LB_ROUNDROBIN",
              "max_request_per_conn": 100, "conn_buffer_limit_bytes": 65536,
              "connect_timeout": "3s", "idle_timeout": "1m",
              "circuit_breakers": [{"max_connections": 10, "max_pending_requests": 20, "max_requests": 30, "max_retries": 4}],
              "hosts": [
                {"address": "10.0.0.1:80", "hostname": "a", "weight": 7,
                 "metadata": {"filter_metadata": {"mosn.lb": {"zone": "gz01", "version": "v1"}}}},
                {"address": "[::1]:81"}
              ]
            }]
            """);

        var cluster = TestConfigs.LoadValid(root).ClusterManager.Clusters[0];

        Assert.Equal(("c1", "STATIC", "LB_ROUNDROBIN", 100, 65536L), (cluster.Name, cluster.Type, cluster.LbType, cluster.MaxRequestPerConn, cluster.ConnBufferLimitBytes));
        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(1)), (cluster.ConnectTimeout, cluster.IdleTimeout));
        Assert.Equal((10, 20, 30, 4), (cluster.CircuitBreakers.MaxConnections, cluster.CircuitBreakers.MaxPendingRequests, cluster.CircuitBreakers.MaxRequests, cluster.CircuitBreakers.MaxRetries));
        Assert.Equal(C, cluster.JsonPath);
        var host = cluster.Hosts[0];
        Assert.Equal(("10.0.0.1:80", "a", 7), (host.Address, host.Hostname, host.Weight));
        Assert.Equal(new Dictionary<string, string> { ["zone"] = "gz01", ["version"] = "v1" }, host.Metadata);
        Assert.Equal(1, cluster.Hosts[1].Weight);
        Assert.Empty(cluster.Hosts[1].Metadata);
    }

    [Fact]
    public void Map_Defaults_FollowMosn()
    {
        var root = TestConfigs.Base();
        root["cluster_manager"]!["clusters"] = JsonNode.Parse("""[{"name": "c1", "hosts": [{"address": "127.0.0.1:1"}]}]""");

        var cluster = TestConfigs.LoadValid(root).ClusterManager.Clusters[0];

        Assert.Equal(("SIMPLE", "LB_ROUNDROBIN"), (cluster.Type, cluster.LbType));
        Assert.Equal(TimeSpan.FromSeconds(10), cluster.ConnectTimeout);
        Assert.Equal(0, cluster.CircuitBreakers.MaxConnections);
    }

    [Fact]
    public void Map_EnvoyStyleCircuitBreakers_UsesFirstThresholds()
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["circuit_breakers"] = JsonNode.Parse("""{"thresholds": [{"max_requests": 5}, {"max_requests": 9}]}""");

        var result = TestConfigs.Load(root);

        Assert.True(result.Succeeded);
        Assert.Equal(5, result.Config!.ClusterManager.Clusters[0].CircuitBreakers.MaxRequests);
        TestConfigs.AssertWarning(result, $"{C}.circuit_breakers.thresholds[1]", "only the first");
    }

    [Fact]
    public void Map_HealthCheck_IsKeptRawWithWarning()
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["health_check"] = JsonNode.Parse("""{"protocol": "Http1", "interval": "15s"}""");

        var result = TestConfigs.Load(root);

        Assert.Equal("15s", result.Config!.ClusterManager.Clusters[0].HealthCheck!.Value.GetProperty("interval").GetString());
        TestConfigs.AssertWarning(result, $"{C}.health_check", "ignored: not supported by Mosn.NET yet");
    }

    [Theory]
    [InlineData("STRICT_DNS", "not supported yet")]
    [InlineData("ORIGINAL_DST", "not supported yet")]
    [InlineData("EDS", "not supported yet")]
    [InlineData("MAGIC", "unknown cluster type")]
    public void Map_UnsupportedType_IsError(string type, string message)
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["type"] = type;

        TestConfigs.AssertError(TestConfigs.Load(root), $"{C}.type", message);
    }

    [Fact]
    public void Map_EmptyLbType_IsError()
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["lb_type"] = "";

        TestConfigs.AssertError(TestConfigs.Load(root), $"{C}.lb_type", "must not be empty");
    }

    [Fact]
    public void Map_EmptyName_IsError()
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["name"] = "";

        TestConfigs.AssertError(TestConfigs.Load(root), $"{C}.name", "non-empty \"name\"");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(129)]
    public void Map_HostWeightOutOfRange_IsError(int weight)
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["hosts"]![0]!["weight"] = weight;

        TestConfigs.AssertError(TestConfigs.Load(root), $"{C}.hosts[0].weight", "from 1 to 128");
    }

    [Fact]
    public void Map_BadHostAddress_IsError()
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["hosts"]![0]!["address"] = "10.0.0.1";

        TestConfigs.AssertError(TestConfigs.Load(root), $"{C}.hosts[0].address", "invalid address \"10.0.0.1\"");
    }

    [Fact]
    public void Map_TlsEnabledOnCluster_IsError()
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["tls_context"] = JsonNode.Parse("""{"status": true}""");

        TestConfigs.AssertError(TestConfigs.Load(root), $"{C}.tls_context.status", "TLS is not supported yet");
    }

    [Fact]
    public void Map_ClustersDirectory_IsNotSupported()
    {
        var root = TestConfigs.Base();
        root["cluster_manager"]!["clusters_configs"] = "/etc/mosn/clusters";

        TestConfigs.AssertError(TestConfigs.Load(root), "cluster_manager.clusters_configs", "not supported yet");
    }

    [Fact]
    public void Map_RecognisedClusterKeys_AreIgnoredWithWarning()
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["lb_subset_config"] = JsonNode.Parse("""{"fall_back_policy": 1}""");
        TestConfigs.Cluster(root)["spec"] = new JsonObject();

        var result = TestConfigs.Load(root);

        Assert.True(result.Succeeded);
        TestConfigs.AssertWarning(result, $"{C}.lb_subset_config", "ignored");
        TestConfigs.AssertWarning(result, $"{C}.spec", "ignored");
    }
}
