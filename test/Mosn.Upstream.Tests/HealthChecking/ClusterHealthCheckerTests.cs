using Microsoft.Extensions.Logging.Abstractions;
using Mosn.Abstractions.Config;
using Mosn.Upstream.Clusters;
using Mosn.Upstream.HealthChecking;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.HealthChecking;

public sealed class ClusterHealthCheckerTests
{
    private readonly FakeProtocolRegistry _protocols = new(new FakeHeartbeatProtocol("bolt"), new FakeHeartbeatProtocol("dubbo"), new FakeProtocol());

    [Theory]
    [InlineData("bolt")]
    [InlineData("BOLT")]
    [InlineData("dubbo")]
    [InlineData("SofaRpc")]
    public void Constructor_RpcProtocolWithHeartbeat_UsesHeartbeatSessions(string protocol)
    {
        using var checker = Create(new HealthCheckConfig { Protocol = protocol }, _protocols);

        Assert.True(checker.IsHeartbeat);
        Assert.False(checker.IsHttp);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Http1")]
    [InlineData("unknown")]
    public void Constructor_NoHeartbeatProtocol_FallsBackToTcpConnect(string protocol)
    {
        using var checker = Create(new HealthCheckConfig { Protocol = protocol }, _protocols);

        Assert.False(checker.IsHeartbeat);
        Assert.False(checker.IsHttp);
    }

    [Fact]
    public void Constructor_NoRegistry_RpcProtocolFallsBackToTcpConnect()
    {
        using var checker = Create(new HealthCheckConfig { Protocol = "bolt" }, protocols: null);

        Assert.False(checker.IsHeartbeat);
    }

    [Fact]
    public void Constructor_Http1WithCheckConfig_UsesHttp()
    {
        using var checker = Create(new HealthCheckConfig { Protocol = "http1", Http = new HttpCheckConfig() }, _protocols);

        Assert.True(checker.IsHttp);
        Assert.False(checker.IsHeartbeat);
    }

    private static ClusterHealthChecker Create(HealthCheckConfig config, FakeProtocolRegistry? protocols) =>
        new(config, [(Host)TestClusters.Host()], new FakeConnectionFactory(), new ManualTimeProvider(), () => { },
            NullLogger.Instance, protocols);
}
