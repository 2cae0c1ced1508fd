using System.Net;
using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.Tests.Fakes;

/// <summary>A host for balancer tests: name, weight, health and metadata only.</summary>
public sealed class FakeHost(string address, int weight = 1, bool healthy = true, IReadOnlyDictionary<string, string>? metadata = null) : IHost
{
    public string Address => address;
    public EndPoint EndPoint { get; } = new IPEndPoint(IPAddress.Loopback, 1);
    public string? Hostname => null;
    public int Weight => weight;
    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata ?? new Dictionary<string, string>();
    public IClusterInfo Cluster => throw new NotSupportedException();
    public bool IsHealthy { get; set; } = healthy;
    public HostStats Stats { get; } = new();
    public override string ToString() => address;
}
