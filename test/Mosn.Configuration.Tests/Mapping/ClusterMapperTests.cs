using System.Text.Json.Nodes;
using Mosn.Abstractions.Config;

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
    public void Map_HealthCheck_MapsMosnKeys()
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["health_check"] = JsonNode.Parse("""
            {
              "protocol": "Http1", "timeout": "2s", "interval": "5s", "interval_jitter": "1s",
              "initial_delay_seconds": "3s", "healthy_threshold": 2, "unhealthy_threshold": 3, "service_name": "svc",
              "check_config": {"http_check_config": {"path": "/health", "method": "HEAD", "port": 9000,
                "timeout": "500ms", "domain": "example.com", "codes": [200, "300-399", {"start": 404, "end": 405}]}}
            }
            """);

        var result = TestConfigs.Load(root);

        Assert.True(result.Succeeded);
        Assert.DoesNotContain(result.Diagnostics.Warnings, w => w.Path.Contains("health_check", StringComparison.Ordinal));
        var check = result.Config!.ClusterManager.Clusters[0].HealthCheck!;
        Assert.Equal("Http1", check.Protocol);
        Assert.Equal(TimeSpan.FromSeconds(2), check.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(5), check.Interval);
        Assert.Equal(TimeSpan.FromSeconds(1), check.IntervalJitter);
        Assert.Equal(TimeSpan.FromSeconds(3), check.InitialDelay);
        Assert.Equal(2, check.HealthyThreshold);
        Assert.Equal(3, check.UnhealthyThreshold);
        Assert.Equal("svc", check.ServiceName);
        var http = check.Http!;
        Assert.Equal("/health", http.Path);
        Assert.Equal("HEAD", http.Method);
        Assert.Equal(9000, http.Port);
        Assert.Equal(TimeSpan.FromMilliseconds(500), http.Timeout);
        Assert.Equal("example.com", http.Domain);
        Assert.Equal([new StatusCodeRange(200, 201), new StatusCodeRange(300, 400), new StatusCodeRange(404, 405)], http.Codes);
    }

    [Fact]
    public void Map_HealthCheckEmpty_UsesMosnDefaults()
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["health_check"] = JsonNode.Parse("{}");

        var check = TestConfigs.Load(root).Config!.ClusterManager.Clusters[0].HealthCheck!;

        Assert.Equal(TimeSpan.FromSeconds(1), check.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(15), check.Interval);
        Assert.Equal(1, check.HealthyThreshold);
        Assert.Equal(1, check.UnhealthyThreshold);
        Assert.Null(check.Http);
    }

    [Fact]
    public void Map_HealthCheckInitialDelayAsNumber_IsSeconds()
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["health_check"] = JsonNode.Parse("""{"initial_delay_seconds": 2}""");

        var check = TestConfigs.Load(root).Config!.ClusterManager.Clusters[0].HealthCheck!;

        Assert.Equal(TimeSpan.FromSeconds(2), check.InitialDelay);
    }

    [Theory]
    [InlineData("""{"interval": "0"}""", ".health_check.interval", "greater than zero")]
    [InlineData("""{"timeout": "fast"}""", ".health_check.timeout", "duration")]
    [InlineData("""{"unhealthy_threshold": 0}""", ".health_check.unhealthy_threshold", "from 1")]
    [InlineData("""{"check_config": {"http_check_config": {"codes": ["2xx"]}}}""", ".health_check.check_config.http_check_config.codes[0]", "range")]
    [InlineData("""{"check_config": {"http_check_config": {"codes": [{"start": 300, "end": 200}]}}}""", ".health_check.check_config.http_check_config.codes[0]", "start")]
    [InlineData("""{"check_config": {"http_check_config": {"path": "health"}}}""", ".health_check.check_config.http_check_config.path", "start with '/'")]
    [InlineData("""{"check_config": {"http_check_config": {"method": "GE T"}}}""", ".health_check.check_config.http_check_config.method", "not an HTTP method")]
    public void Map_HealthCheckInvalid_IsErrorAtPath(string json, string path, string message)
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["health_check"] = JsonNode.Parse(json);

        TestConfigs.AssertError(TestConfigs.Load(root), C + path, message);
    }

    [Fact]
    public void Map_OutlierDetection_MapsEnvoyKeys()
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["outlier_detection"] = JsonNode.Parse("""
            {
              "consecutive_5xx": 3, "consecutive_gateway_failure": 4, "consecutive_local_origin_failure": 2,
              "split_external_local_origin_errors": true, "enforcing_consecutive_5xx": 50,
              "enforcing_consecutive_gateway_failure": 100, "enforcing_consecutive_local_origin_failure": 0,
              "interval": "1s", "base_ejection_time": "2s", "max_ejection_time": "20s", "max_ejection_percent": 50
            }
            """);

        var result = TestConfigs.Load(root);

        Assert.True(result.Succeeded);
        Assert.DoesNotContain(result.Diagnostics.Warnings, w => w.Path.Contains("outlier_detection", StringComparison.Ordinal));
        var outlier = result.Config!.ClusterManager.Clusters[0].OutlierDetection!;
        Assert.Equal(3, outlier.Consecutive5xx);
        Assert.Equal(4, outlier.ConsecutiveGatewayFailure);
        Assert.Equal(2, outlier.ConsecutiveLocalOriginFailure);
        Assert.True(outlier.SplitExternalLocalOriginErrors);
        Assert.Equal(50, outlier.EnforcingConsecutive5xx);
        Assert.Equal(100, outlier.EnforcingConsecutiveGatewayFailure);
        Assert.Equal(0, outlier.EnforcingConsecutiveLocalOriginFailure);
        Assert.Equal(TimeSpan.FromSeconds(1), outlier.Interval);
        Assert.Equal(TimeSpan.FromSeconds(2), outlier.BaseEjectionTime);
        Assert.Equal(TimeSpan.FromSeconds(20), outlier.MaxEjectionTime);
        Assert.Equal(50, outlier.MaxEjectionPercent);
    }

    [Theory]
    [InlineData("""{"max_ejection_percent": 101}""", ".outlier_detection.max_ejection_percent", "from 0 to 100")]
    [InlineData("""{"base_ejection_time": "0"}""", ".outlier_detection.base_ejection_time", "greater than zero")]
    [InlineData("""{"base_ejection_time": "60s", "max_ejection_time": "30s"}""", ".outlier_detection.max_ejection_time", "shorter")]
    public void Map_OutlierDetectionInvalid_IsErrorAtPath(string json, string path, string message)
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["outlier_detection"] = JsonNode.Parse(json);

        TestConfigs.AssertError(TestConfigs.Load(root), C + path, message);
    }

    [Fact]
    public void Map_RetryBudget_MapsPercentAndMinConcurrency()
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["circuit_breakers"] = JsonNode.Parse("""[{"retry_budget": {"budget_percent": {"value": 25.0}, "min_retry_concurrency": 5}}]""");

        var breakers = TestConfigs.LoadValid(root).ClusterManager.Clusters[0].CircuitBreakers;

        Assert.Equal((25.0, 5), (breakers.RetryBudgetPercent, breakers.RetryBudgetMinConcurrency));
    }

    [Fact]
    public void Map_RetryBudgetPercentOutOfRange_IsError()
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["circuit_breakers"] = JsonNode.Parse("""[{"retry_budget": {"budget_percent": 150}}]""");

        TestConfigs.AssertError(TestConfigs.Load(root), $"{C}.circuit_breakers[0].retry_budget.budget_percent", "0 to 100");
    }

    [Fact]
    public void Map_StrictDnsWithHostNames_TypeNamesAndRefreshRateMapped()
    {
        var root = TestConfigs.Base();
        var cluster = TestConfigs.Cluster(root);
        cluster["type"] = "STRICT_DNS";
        cluster["dns_refresh_rate"] = "30s";
        cluster["hosts"] = JsonNode.Parse("""[{"address": "backend.example.com:8080"}, {"address": "10.0.0.1:80"}]""");

        var mapped = TestConfigs.LoadValid(root).ClusterManager.Clusters[0];

        Assert.Equal(("STRICT_DNS", TimeSpan.FromSeconds(30)), (mapped.Type, mapped.DnsRefreshRate));
        Assert.Equal(["backend.example.com:8080", "10.0.0.1:80"], mapped.Hosts.Select(h => h.Address));
    }

    [Fact]
    public void Map_HostNameInSimpleCluster_IsErrorNamingTheHost()
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["hosts"] = JsonNode.Parse("""[{"address": "10.0.0.1:80"}, {"address": "backend.example.com:8080"}]""");

        TestConfigs.AssertError(TestConfigs.Load(root), $"{C}.hosts[1].address", "STRICT_DNS");
    }

    [Fact]
    public void Map_DnsRefreshRateTooShort_IsError()
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["dns_refresh_rate"] = "10ms";

        TestConfigs.AssertError(TestConfigs.Load(root), $"{C}.dns_refresh_rate", "at least 100ms");
    }

    [Theory]
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
        TestConfigs.Cluster(root)["keepalive"] = JsonNode.Parse("""{"interval": "10s"}""");
        TestConfigs.Cluster(root)["spec"] = new JsonObject();

        var result = TestConfigs.Load(root);

        Assert.True(result.Succeeded);
        TestConfigs.AssertWarning(result, $"{C}.keepalive", "ignored");
        TestConfigs.AssertWarning(result, $"{C}.spec", "ignored");
    }

    [Fact]
    public void Map_MinConnections_MapsPreconnect()
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["min_connections"] = 3;

        Assert.Equal(3, TestConfigs.LoadValid(root).ClusterManager.Clusters[0].MinConnections);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1025")]
    [InlineData("\"two\"")]
    public void Map_MinConnectionsInvalid_IsErrorAtPath(string json)
    {
        var root = TestConfigs.Base();
        TestConfigs.Cluster(root)["min_connections"] = JsonNode.Parse(json);

        TestConfigs.AssertError(TestConfigs.Load(root), C + ".min_connections", "from 0 to 1024");
    }
}
