using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.Tests.Fakes;

public sealed class FakeHostSet(IReadOnlyList<IHost> hosts) : IHostSet
{
    public IReadOnlyList<IHost> Hosts => hosts;
    public IReadOnlyList<IHost> HealthyHosts { get; } = hosts.Where(h => h.IsHealthy).ToArray();
}
