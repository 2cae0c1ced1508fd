namespace Mosn.Abstractions.Upstream;

/// <summary>All clusters and their connection pools. Thread-safe; reads are lock-free snapshot reads.</summary>
public interface IClusterManager
{
    /// <summary>The current snapshot of a cluster, or null if no such cluster exists.</summary>
    IClusterSnapshot? GetClusterSnapshot(string clusterName);

    /// <summary>The pool for <paramref name="host"/> and <paramref name="protocol"/>, created on first use.</summary>
    IConnectionPool GetConnectionPool(IHost host, string protocol);

    /// <summary>Adds a cluster or replaces it with a new snapshot (requests in flight keep theirs).</summary>
    void AddOrUpdateCluster(Config.ClusterConfig config);

    /// <summary>Removes a cluster; true if it existed.</summary>
    bool RemoveCluster(string clusterName);

    /// <summary>Names of all clusters.</summary>
    IReadOnlyCollection<string> ClusterNames { get; }
}
