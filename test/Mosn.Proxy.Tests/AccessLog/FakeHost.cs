using System.Net;
using Mosn.Abstractions.Upstream;

namespace Mosn.Proxy.Tests.AccessLog;

/// <summary>An upstream host (and its cluster) for formatter tests.</summary>
internal sealed class FakeHost(string address, string? hostname, string cluster) : IHost, IClusterInfo
{
    public string Address => address;

    public EndPoint EndPoint => IPEndPoint.Parse(address);

    public string? Hostname => hostname;

    public int Weight => 1;

    public IReadOnlyDictionary<string, string> Metadata => new Dictionary<string, string>();

    public IClusterInfo Cluster => this;

    public bool IsHealthy => true;

    public HostStats Stats { get; } = new();

    public string Name => cluster;

    public string LbType => "LB_ROUNDROBIN";

    public TimeSpan ConnectTimeout => TimeSpan.FromSeconds(1);

    public TimeSpan IdleTimeout => TimeSpan.Zero;

    public long ConnectionBufferLimitBytes => 32768;

    public int MaxRequestsPerConnection => 0;

    public int MaxConnections => 0;
}
