using Mosn.Abstractions.Config;
using Mosn.Abstractions.Upstream;
using Mosn.Upstream.Clusters;

namespace Mosn.Upstream.Tests.Fakes;

/// <summary>Builds real <see cref="Host"/>s for pool tests.</summary>
public static class TestClusters
{
    public static IHost Host(ClusterConfig? config = null, string address = "127.0.0.1:8080")
    {
        config ??= new ClusterConfig { Name = "c" };
        var info = new ClusterInfo(config, new HostStats());
        Assert.True(HostAddress.TryParse(address, out var endPoint, out _));
        return new Host(address, endPoint, null, 1, new Dictionary<string, string>(), info, new HostStats());
    }
}
