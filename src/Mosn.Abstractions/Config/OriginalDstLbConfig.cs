namespace Mosn.Abstractions.Config;

/// <summary>
/// How an <c>ORIGINAL_DST</c> cluster (balancer <c>LB_ORIGINAL_DST</c>) finds the upstream address of a request
/// (<c>original_dst_lb_config</c>, plus the cluster's <c>cleanup_interval</c>).
/// </summary>
/// <remarks>
/// The address is the downstream connection's original destination (<see cref="Network.IConnection.OriginalDestination"/>),
/// or, with <see cref="UseHeader"/>, the value of the header <see cref="HeaderName"/> when the request has it. A header
/// value must be an IP literal with an optional port (<c>ip</c>, <c>ip:port</c>, <c>[v6]:port</c>; no port: 80): host
/// names are never resolved from a header.
/// </remarks>
public sealed record OriginalDstLbConfig
{
    /// <summary>Take the address from a request header when present (<c>use_header</c>).</summary>
    public bool UseHeader { get; init; }

    /// <summary>The header to read with <see cref="UseHeader"/> (<c>header_name</c>; default <c>host</c>, which also matches the <c>:authority</c> of HTTP requests).</summary>
    public string HeaderName { get; init; } = "host";

    /// <summary>Connect to 127.0.0.1 (IPv6: ::1) on the destination's port instead of its IP (<c>replace_local</c>).</summary>
    public bool ReplaceLocal { get; init; }

    /// <summary>
    /// A host created for a destination is removed, and its connection pools closed, when no request chose it during
    /// one whole interval (<c>cleanup_interval</c> of the cluster, Envoy's; default 5 s).
    /// </summary>
    public TimeSpan CleanupInterval { get; init; } = TimeSpan.FromSeconds(5);
}
