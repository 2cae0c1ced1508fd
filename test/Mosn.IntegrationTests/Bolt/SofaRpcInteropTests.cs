using System.Text.Json;
using Mosn.IntegrationTests.Infrastructure;
using Mosn.Protocols.Bolt;
using static Mosn.IntegrationTests.Bolt.NodeBolt;

namespace Mosn.IntegrationTests.Bolt;

/// <summary>
/// The SOFA RPC layer through the proxy: sofa-rpc-node's RpcClient (Hessian2 bodies, direct address) → a Bolt listener →
/// a route on the <c>service</c> header → sofa-rpc-node's RpcServer. Bolt v1, and Bolt v2 with the CRC32 on.
/// </summary>
public sealed class SofaRpcInteropTests
{
    private const string Hello = "com.alipay.test.HelloService";
    private const string Echo = "com.alipay.test.EchoService";

    private static string Route(string service, string cluster) =>
        $$"""{ "match": { "headers": [{ "name": "service", "value": "{{service}}:1.0" }] }, "route": { "cluster_name": "{{cluster}}" } }""";

    private static string VirtualHosts(params string[] routes) => $$"""[{ "name": "rpc", "domains": ["*"], "routers": [{{string.Join(", ", routes)}}] }]""";

    private static Task<ProxyInstance> StartProxyAsync(string protocol, string virtualHosts, params (string Name, string Address)[] clusters)
    {
        var clustersJson = $"[{string.Join(", ", clusters.Select(c => Configs.Cluster(c.Name, "LB_RANDOM", c.Address)))}]";
        return ProxyInstance.StartAsync(protocol == "X"
            ? Configs.Proxy("X", "X", virtualHosts, clustersJson, extraProxyConfig: """, "extend_config": { "sub_protocol": "boltv2" }""")
            : Configs.Proxy(protocol, protocol, virtualHosts, clustersJson));
    }

    private static Task<ProxyInstance> StartHelloProxyAsync(string upstream, string protocol = BoltProtocol.Name) =>
        StartProxyAsync(protocol, VirtualHosts(Route(Hello, "a")), ("a", upstream));

    [Fact]
    public async Task RpcClient_ManyConcurrentCallsAndHeartbeatsOnOneConnection_ArgumentsAndResultsChecked()
    {
        await using var server = await StartRpcServerAsync("A");
        await using var proxy = await StartHelloProxyAsync(server.Address);

        var report = await RunRpcClientAsync(proxy.Address("proxy").Port,
            new RpcSpec("bolt", false, 20, [new(Hello, "plus", 300), new(Hello, "sayHello", 200)]));

        Assert.Equal(500, report.Results.Count);
        Assert.All(report.Results.Where(r => r.Method == "plus"), r => AssertValue(r, 1000 + r.Index));
        Assert.All(report.Results.Where(r => r.Method == "sayHello"), r => AssertValue(r, $"hello peter-{r.Index} from A"));
        Assert.Equal(500, report.Results.Select(r => r.Id).Distinct().Count());
        Assert.Equal(20, report.HeartbeatAcks);
        Assert.Equal(1, server.Connections); // every call multiplexed on one upstream connection
    }

    [Fact]
    public async Task RpcServerException_ClientSeesTheErrorWithServerExceptionStatus()
    {
        await using var server = await StartRpcServerAsync("A");
        await using var proxy = await StartHelloProxyAsync(server.Address);

        var report = await RunRpcClientAsync(proxy.Address("proxy").Port, new RpcSpec("bolt", false, 0, [new(Hello, "fail", 3), new(Hello, "plus", 2)]));

        Assert.All(report.Results.Where(r => r.Method == "fail"), r =>
        {
            Assert.Equal((int)BoltResponseStatus.ServerException, r.Status);
            Assert.Contains("failed on purpose", r.Error, StringComparison.Ordinal);
        });
        Assert.All(report.Results.Where(r => r.Method == "plus"), r => AssertValue(r, 1000 + r.Index));
    }

    [Fact]
    public async Task ServiceHeader_TwoServicesOnOneClientConnection_EachRoutedToItsBackend()
    {
        await using var serverA = await StartRpcServerAsync("A");
        await using var serverB = await StartRpcServerAsync("B");
        await using var proxy = await StartProxyAsync(BoltProtocol.Name, VirtualHosts(Route(Hello, "a"), Route(Echo, "b")),
            ("a", serverA.Address), ("b", serverB.Address));

        var report = await RunRpcClientAsync(proxy.Address("proxy").Port,
            new RpcSpec("bolt", false, 0, [new(Hello, "whoami", 20), new(Echo, "whoami", 20), new(Echo, "echo", 30)]));

        Assert.All(report.Results.Where(r => r.Method == "whoami"), r => AssertValue(r, r.Service == Hello ? "A" : "B"));
        Assert.All(report.Results.Where(r => r.Method == "echo"), r => AssertValue(r, $"echo-{r.Index}"));
        Assert.Equal(1, serverA.Connections);
        Assert.Equal(1, serverB.Connections);
    }

    [Theory]
    [InlineData("bolt", false)]
    [InlineData("bolt2", true)]
    public async Task NoRoute_RpcClientGetsAnErrorWithNoProcessor(string clientProtocol, bool crc)
    {
        await using var server = await StartRpcServerAsync("A");
        await using var proxy = await StartHelloProxyAsync(server.Address, crc ? "X" : BoltProtocol.Name);

        var report = await RunRpcClientAsync(proxy.Address("proxy").Port, new RpcSpec(clientProtocol, crc, 1, [new(Echo, "echo", 3), new(Hello, "plus", 1)]));

        AssertProxyError(report.Results.Where(r => r.Service == Echo), BoltResponseStatus.NoProcessor);
        AssertValue(Assert.Single(report.Results, r => r.Service == Hello), 1000);
        Assert.Equal(1, report.HeartbeatAcks);
        if (crc)
        {
            Assert.Equal(report.Results.Count + 1, report.CrcFrames); // every answer, hijacks and the heartbeat ack included, carried a CRC the client verified
        }
    }

    [Fact]
    public async Task UpstreamDown_RpcClientGetsAnErrorWithServerBusy()
    {
        await using var proxy = await StartHelloProxyAsync(Configs.RefusedAddress());

        var report = await RunRpcClientAsync(proxy.Address("proxy").Port, new RpcSpec("bolt", false, 0, [new(Hello, "plus", 3)]));

        AssertProxyError(report.Results, BoltResponseStatus.ServerThreadpoolBusy);
    }

    [Fact]
    public async Task UpstreamTimeout_FrameTimeoutShorterThanTheClients_ClientGetsTimeoutFromTheProxy()
    {
        // As in MOSN, the timeout the request frame states is the one the proxy applies (the route's is the fallback).
        await using var server = await StartRpcServerAsync("A");
        await using var proxy = await StartHelloProxyAsync(server.Address);

        var report = await RunRpcClientAsync(proxy.Address("proxy").Port,
            new RpcSpec("bolt", false, 0, [new(Hello, "hang", 2), new(Hello, "plus", 2)], Timeout: 20_000, FrameTimeout: 300));

        AssertProxyError(report.Results.Where(r => r.Method == "hang"), BoltResponseStatus.Timeout);
        Assert.All(report.Results.Where(r => r.Method == "plus"), r => AssertValue(r, 1000 + r.Index));
    }

    [Fact]
    public async Task BoltV2WithCrc_XSubProtocolListener_CallsHeartbeatsAndErrorsPassWithCrcs()
    {
        await using var server = await StartRpcServerAsync("A");
        await using var proxy = await StartHelloProxyAsync(server.Address, "X");

        var report = await RunRpcClientAsync(proxy.Address("proxy").Port,
            new RpcSpec("bolt2", true, 10, [new(Hello, "plus", 200), new(Hello, "sayHello", 50), new(Hello, "fail", 2)]));

        Assert.All(report.Results.Where(r => r.Method == "plus"), r => AssertValue(r, 1000 + r.Index));
        Assert.All(report.Results.Where(r => r.Method == "sayHello"), r => AssertValue(r, $"hello peter-{r.Index} from A"));
        Assert.All(report.Results.Where(r => r.Method == "fail"), r =>
        {
            Assert.Equal((int)BoltResponseStatus.ServerException, r.Status);
            Assert.Contains("failed on purpose", r.Error, StringComparison.Ordinal);
        });
        Assert.Equal(10, report.HeartbeatAcks);
        Assert.Equal(252 + 10, report.CrcFrames);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task BoltV2WithoutCrc_AutoListener_DetectedByTheFirstByte()
    {
        await using var server = await StartRpcServerAsync("A");
        await using var proxy = await StartHelloProxyAsync(server.Address, "Auto");

        var report = await RunRpcClientAsync(proxy.Address("proxy").Port, new RpcSpec("bolt2", false, 2, [new(Hello, "plus", 50), new(Echo, "echo", 1)]));

        Assert.All(report.Results.Where(r => r.Method == "plus"), r => AssertValue(r, 1000 + r.Index));
        AssertProxyError(report.Results.Where(r => r.Method == "echo"), BoltResponseStatus.NoProcessor);
        Assert.Equal(2, report.HeartbeatAcks);
        Assert.Equal(0, report.CrcFrames);
    }

    private static void AssertValue(RpcResult result, object expected)
    {
        Assert.Null(result.Error);
        Assert.Equal(0, result.Status);
        switch (expected)
        {
            case int number:
                Assert.Equal(number, result.Value.GetInt32());
                break;
            default:
                Assert.Equal(JsonValueKind.String, result.Value.ValueKind);
                Assert.Equal((string)expected, result.Value.GetString());
                break;
        }
    }

    /// <summary>An answer the proxy made: the client saw an error (not its own timeout or a socket error) and the frame's status.</summary>
    private static void AssertProxyError(IEnumerable<RpcResult> results, BoltResponseStatus status)
    {
        var list = results.ToList();
        Assert.NotEmpty(list);
        Assert.All(list, r =>
        {
            Assert.Equal((int)status, r.Status);
            Assert.NotNull(r.Error);
            Assert.DoesNotContain("Timeout", r.ErrorName ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain("Socket", r.ErrorName ?? "", StringComparison.Ordinal);
        });
    }
}
