namespace Mosn.Abstractions.Upstream;

/// <summary>An immutable snapshot of a cluster's hosts.</summary>
public interface IHostSet
{
    /// <summary>All hosts.</summary>
    IReadOnlyList<IHost> Hosts { get; }

    /// <summary>Hosts currently healthy (computed when the snapshot is built or health changes).</summary>
    IReadOnlyList<IHost> HealthyHosts { get; }
}
