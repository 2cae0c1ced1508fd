using Mosn.Abstractions.Protocol;

namespace Mosn.Proxy;

/// <summary>The parsed config of a <c>proxy</c> network filter (MOSN's <c>pkg/config/v2/proxy.go</c> keys).</summary>
public sealed record ProxyConfig
{
    /// <summary><c>name</c>: optional name for stats.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// <c>downstream_protocol</c>: a registered protocol name, <c>Auto</c> (detect among all registered protocols), or a
    /// comma-separated list of names to detect among (MOSN's detection scope).
    /// </summary>
    public string DownstreamProtocol { get; init; } = "Auto";

    /// <summary><c>upstream_protocol</c>: the protocol spoken to upstreams (null, absent or <c>Auto</c>: the downstream one).</summary>
    public string? UpstreamProtocol { get; init; }

    /// <summary>
    /// The upstream protocol of a request routed by a route whose <c>upstream_protocol</c> is
    /// <paramref name="routeUpstreamProtocol"/>, when it is known before any connection: the route's, else this filter's
    /// <see cref="UpstreamProtocol"/>, else the <see cref="DownstreamProtocol"/> when it names one fixed protocol (not
    /// <c>Auto</c>, not a detection list). Null when it depends on what a downstream connection turns out to speak. The
    /// same order as the proxy applies per request (route, filter, the connection's protocol). Pure; thread-safe.
    /// </summary>
    public string? KnownUpstreamProtocol(string? routeUpstreamProtocol)
    {
        if (!string.IsNullOrEmpty(routeUpstreamProtocol))
        {
            return routeUpstreamProtocol;
        }

        if (UpstreamProtocol is { Length: > 0 } upstream)
        {
            return upstream;
        }

        var downstream = DownstreamProtocol.Trim();
        return downstream.Length == 0 || downstream.Contains(',', StringComparison.Ordinal)
            || string.Equals(downstream, ProtocolNames.Auto, StringComparison.OrdinalIgnoreCase) ? null : downstream;
    }

    /// <summary><c>router_config_name</c>: the route table to use.</summary>
    public string RouterConfigName { get; init; } = "";

    /// <summary>
    /// <c>fallback_for_unknown_protocol</c>: when detection finds no protocol, hand the connection's bytes to the next
    /// network filter of the chain (typically <c>tcp_proxy</c>) instead of closing it, as MOSN does.
    /// </summary>
    public bool FallbackForUnknownProtocol { get; init; }

    /// <summary>
    /// <c>use_remote_address</c> (Envoy's key, an extension to MOSN's config): append the downstream peer address to
    /// <c>X-Forwarded-For</c> and overwrite <c>X-Forwarded-Proto</c>. Default false, as in Envoy: X-Forwarded-For is left
    /// as received and X-Forwarded-Proto is only set when absent.
    /// </summary>
    public bool UseRemoteAddress { get; init; }

    /// <summary>
    /// Limits of the downstream protocol, from <c>extend_config</c> keyed by protocol name as MOSN writes it, e.g.
    /// <c>{"Http1": {"max_header_size": 8192, "max_request_body_size": 4194304}}</c>.
    /// </summary>
    public ProtocolOptions ProtocolOptions { get; init; } = ProtocolOptions.Default;

    /// <summary>Default global timeout of a request when the route sets none (MOSN's 60 s).</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest request body kept in memory so the request can be retried (beyond it, retries are off for that request).</summary>
    public int RetryBufferLimit { get; init; } = 64 * 1024;
}
