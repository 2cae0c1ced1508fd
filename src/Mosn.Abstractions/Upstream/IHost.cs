using System.Net;

namespace Mosn.Abstractions.Upstream;

/// <summary>An upstream host of a cluster. Immutable except for health and counters.</summary>
public interface IHost
{
    /// <summary>Address as configured ("ip:port" or a Unix socket path).</summary>
    string Address { get; }

    /// <summary>The resolved endpoint to connect to.</summary>
    EndPoint EndPoint { get; }

    /// <summary>Optional host name (used for <c>auto_host_rewrite</c>).</summary>
    string? Hostname { get; }

    /// <summary>Load-balancing weight, 1 to 128.</summary>
    int Weight { get; }

    /// <summary>Host metadata (for subset load balancing).</summary>
    IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The cluster this host belongs to.</summary>
    IClusterInfo Cluster { get; }

    /// <summary>False when a health check or outlier detection marked the host failed.</summary>
    bool IsHealthy { get; }

    /// <summary>Counters of this host.</summary>
    HostStats Stats { get; }

    /// <summary>
    /// Reports the outcome of one try of a request on this host, for passive health checking (outlier detection):
    /// the proxy calls it once per try when the response headers arrive, or when the try fails (connect failure,
    /// timeout, reset). Thread-safe; cheap and allocation-free on the common path; never throws. May change
    /// <see cref="IsHealthy"/>. The default does nothing (hosts without outlier detection).
    /// </summary>
    void ReportOutcome(HostOutcome outcome)
    {
    }
}
