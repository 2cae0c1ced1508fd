namespace Mosn.Upstream.ConnectionPools;

/// <summary>
/// Identifies a shared pool: cluster, host address and protocol. Cluster and address compare ordinally; the protocol
/// name case-insensitively, as protocol names are looked up.
/// </summary>
internal readonly struct PoolKey : IEquatable<PoolKey>
{
    public PoolKey(string cluster, string address, string protocol)
    {
        Cluster = cluster;
        Address = address;
        Protocol = protocol;
    }

    /// <summary>Cluster name.</summary>
    public string Cluster { get; }

    /// <summary>Host address as configured.</summary>
    public string Address { get; }

    /// <summary>Protocol name.</summary>
    public string Protocol { get; }

    /// <inheritdoc />
    public bool Equals(PoolKey other) => string.Equals(Cluster, other.Cluster, StringComparison.Ordinal)
        && string.Equals(Address, other.Address, StringComparison.Ordinal)
        && string.Equals(Protocol, other.Protocol, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PoolKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(
        StringComparer.Ordinal.GetHashCode(Cluster),
        StringComparer.Ordinal.GetHashCode(Address),
        StringComparer.OrdinalIgnoreCase.GetHashCode(Protocol));
}
