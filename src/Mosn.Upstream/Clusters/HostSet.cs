using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.Clusters;

/// <summary>An immutable snapshot of a cluster's hosts; <see cref="HealthyHosts"/> is computed once, at construction.</summary>
internal sealed class HostSet : IHostSet
{
    public HostSet(IReadOnlyList<IHost> hosts)
    {
        Hosts = hosts;
        var healthy = new List<IHost>(hosts.Count);
        foreach (var host in hosts)
        {
            if (host.IsHealthy)
            {
                healthy.Add(host);
            }
        }

        HealthyHosts = healthy.Count == hosts.Count ? hosts : healthy.ToArray();
    }

    /// <inheritdoc />
    public IReadOnlyList<IHost> Hosts { get; }

    /// <inheritdoc />
    public IReadOnlyList<IHost> HealthyHosts { get; }
}
