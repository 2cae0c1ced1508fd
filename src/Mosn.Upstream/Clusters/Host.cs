using System.Net;
using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.Clusters;

/// <summary>
/// An upstream host of one cluster version. Immutable except for health and counters; <see cref="Stats"/> is shared
/// with the hosts of the same address in earlier and later versions of the cluster.
/// </summary>
internal sealed class Host : IHost
{
    private volatile bool _healthy = true;

    public Host(string address, EndPoint endPoint, string? hostname, int weight,
        IReadOnlyDictionary<string, string> metadata, IClusterInfo cluster, HostStats stats)
    {
        Address = address;
        EndPoint = endPoint;
        Hostname = hostname;
        Weight = weight;
        Metadata = metadata;
        Cluster = cluster;
        Stats = stats;
    }

    /// <inheritdoc />
    public string Address { get; }

    /// <inheritdoc />
    public EndPoint EndPoint { get; }

    /// <inheritdoc />
    public string? Hostname { get; }

    /// <inheritdoc />
    public int Weight { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <inheritdoc />
    public IClusterInfo Cluster { get; }

    /// <inheritdoc />
    public bool IsHealthy => _healthy;

    /// <inheritdoc />
    public HostStats Stats { get; }

    /// <summary>Marks the host healthy or failed (health checking, when it exists, will call this). Thread-safe.</summary>
    public void SetHealthy(bool healthy) => _healthy = healthy;

    /// <inheritdoc />
    public override string ToString() => Address;
}
