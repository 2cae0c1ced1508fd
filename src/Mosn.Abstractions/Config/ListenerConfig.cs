using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>One listener (<c>servers[].listeners[]</c>).</summary>
public sealed record ListenerConfig
{
    /// <summary>Unique listener name (<c>name</c>).</summary>
    public string Name { get; init; } = "";

    /// <summary>ingress or egress (informational) (<c>type</c>).</summary>
    public string? Type { get; init; }

    /// <summary>Address: "ip:port", or a Unix socket path when <see cref="Network"/> is unix (<c>address</c>).</summary>
    public string Address { get; init; } = "";

    /// <summary>Whether to bind the port (false: only a target for original-dst hand-off) (<c>bind_port</c>).</summary>
    public bool BindPort { get; init; } = true;

    /// <summary>tcp (default) or unix (<c>network</c>).</summary>
    public string Network { get; init; } = "tcp";

    /// <summary>
    /// Transparent proxying (<c>use_original_dst</c>): <c>"redirect"</c> (the original destination is read with
    /// <c>SO_ORIGINAL_DST</c>, iptables REDIRECT) or <c>"tproxy"</c> (it is the accepted socket's local address); MOSN's
    /// <c>true</c> maps to <c>"redirect"</c>; null: off. A connection whose original destination matches another
    /// listener's address is handed to that listener.
    /// </summary>
    public string? UseOriginalDst { get; init; }

    /// <summary>Listener filters run on accept (<c>listener_filters</c>).</summary>
    public IReadOnlyList<FilterConfig> ListenerFilters { get; init; } = [];

    /// <summary>Network filter chains (MOSN uses the first) (<c>filter_chains</c>).</summary>
    public IReadOnlyList<FilterChainConfig> FilterChains { get; init; } = [];

    /// <summary>Stream (L7) filters applied by the proxy filter (<c>stream_filters</c>).</summary>
    public IReadOnlyList<FilterConfig> StreamFilters { get; init; } = [];

    /// <summary>Close downstream connections idle this long (null: the default 90s; zero: never) (<c>connection_idle_timeout</c>).</summary>
    public TimeSpan? ConnectionIdleTimeout { get; init; }

    /// <summary>Per-connection buffer limit (<c>per_connection_buffer_limit_bytes</c>).</summary>
    public long PerConnectionBufferLimitBytes { get; init; } = 32 * 1024;

    /// <summary>Access logs (<c>access_logs</c>).</summary>
    public IReadOnlyList<AccessLogConfig> AccessLogs { get; init; } = [];

    /// <summary>Where this listener is in the config file (for error messages).</summary>
    public string JsonPath { get; init; } = "";
}
