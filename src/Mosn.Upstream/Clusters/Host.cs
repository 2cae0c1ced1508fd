using System.Net;
using Mosn.Abstractions.Upstream;
using Mosn.Upstream.LoadBalancing;
using Mosn.Upstream.Outlier;

namespace Mosn.Upstream.Clusters;

/// <summary>
/// An upstream host of one cluster version. Immutable except for health and counters; <see cref="Stats"/> and
/// <see cref="Health"/> are shared with the hosts of the same address in earlier and later versions of the cluster.
/// </summary>
internal sealed class Host : IHost
{
    private readonly IOutcomeListener? _outcomes;
    private readonly HostLatency? _latency; // kept only for LB_PEAK_EWMA, its only reader
    private readonly HostLatency? _clusterLatency;

    public Host(string address, EndPoint endPoint, string? hostname, int weight,
        IReadOnlyDictionary<string, string> metadata, IClusterInfo cluster, HostStats stats,
        HostHealth? health = null, IOutcomeListener? outcomes = null)
    {
        Health = health ?? new HostHealth();
        _outcomes = outcomes;
        Address = address;
        EndPoint = endPoint;
        Hostname = hostname;
        Weight = weight;
        Metadata = metadata;
        Cluster = cluster;
        Stats = stats;
        if (string.Equals(cluster.LbType, LoadBalancerTypes.PeakEwma, StringComparison.Ordinal))
        {
            _latency = HostLatency.For(stats);
            _clusterLatency = HostLatency.For(cluster.Stats);
        }
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
    /// <remarks>False while the active health check has it failed or outlier detection has it ejected.</remarks>
    public bool IsHealthy => Health.IsHealthy;

    /// <inheritdoc />
    public HostStats Stats { get; }

    /// <summary>The health flags of this address (shared across cluster versions).</summary>
    public HostHealth Health { get; }

    /// <inheritdoc />
    /// <remarks>
    /// A measured <see cref="HostOutcome.Latency"/> updates the response-time counters of the host and its cluster and,
    /// when the cluster balances with <c>LB_PEAK_EWMA</c>, their latency estimates; the outcome then goes to the cluster's outlier detector, if it has one.
    /// </remarks>
    public void ReportOutcome(HostOutcome outcome)
    {
        if (outcome.Latency > TimeSpan.Zero)
        {
            _latency?.Record(outcome);
            _clusterLatency?.Record(outcome);
            Stats.OnResponseTime(outcome.Latency);
            Cluster.Stats.OnResponseTime(outcome.Latency);
        }

        _outcomes?.OnOutcome(this, outcome);
    }

    /// <inheritdoc />
    public override string ToString() => Address;
}
