using System.Collections.Frozen;

namespace Mosn.Configuration.Parsing;

/// <summary>
/// The one list of keys that MOSN accepts but Mosn.NET does not implement yet. A key found here gets the warning
/// "ignored: not supported by Mosn.NET yet"; a key neither mapped nor listed here gets "unknown key". Keys whose
/// absence of support would change routing or security (TLS enabled, route <c>variables</c>, directories of config
/// files) are errors instead and are handled by the mappers, not listed here.
/// </summary>
internal static class IgnoredKeys
{
    private static readonly FrozenDictionary<ConfigSection, FrozenSet<string>> BySection = new Dictionary<ConfigSection, FrozenSet<string>>
    {
        [ConfigSection.Root] = Set(
            "tracing", "metrics", "pprof", "dynamic_resources", "static_resources", "node", "service_registry",
            "close_graceful", "disable_upgrade", "inherit_old_mosnconfig", "pid", "uds_dir", "plugin",
            "third_part_codec", "extends", "wasm_global_plugins"),
        [ConfigSection.Server] = Set("global_log_roller", "use_netpoll_mode", "optimize_local_write", "processor"),
        [ConfigSection.Listener] = Set(
            "inspector", "reuseport", "default_read_buffer_size", "tunnel_listener"),
        [ConfigSection.FilterChain] = Set("tls_context_set"),
        [ConfigSection.Filter] = Set("go_plugin_config"),
        [ConfigSection.AccessLog] = Set(),
        [ConfigSection.Router] = Set(),
        [ConfigSection.VirtualHost] = Set("require_tls", "per_filter_config"),
        [ConfigSection.Route] = Set("metadata", "per_filter_config", "request_mirror_policies"),
        [ConfigSection.RouteMatch] = Set(),
        [ConfigSection.RouteAction] = Set("auto_host_rewrite_header", "cluster_variable"),
        [ConfigSection.RetryPolicy] = Set(),
        [ConfigSection.WeightedCluster] = Set(),
        [ConfigSection.RegexRewrite] = Set("google_re2"),
        [ConfigSection.DirectResponse] = Set(),
        [ConfigSection.Redirect] = Set(),
        [ConfigSection.HeaderMatcher] = Set(),
        [ConfigSection.HeaderValueOption] = Set(),
        [ConfigSection.Metadata] = Set(),
        [ConfigSection.ClusterManager] = Set(
            "tls_context", "cluster_pool_enable", "auto_discovery", "registry_use_health_check"),
        [ConfigSection.Cluster] = Set(
            "sub_type", "mark", "spec",
            "cluster_manager_tls", "tls_context", "keepalive", "respect_dns_ttl",
            "dns_lookup_family", "dns_resolvers", "dns_resolver_file", "dns_resolver_port",
            "cluster_pool_enable"),
        [ConfigSection.CircuitBreakers] = Set(),
        [ConfigSection.HealthCheck] = Set("event_log_path", "common_callbacks"),
        [ConfigSection.HttpCheckConfig] = Set("scheme"),
        [ConfigSection.OutlierDetection] = Set(
            "successful_active_health_check_uneject_host", "max_ejection_time_jitter", "always_eject_one_host"),
        [ConfigSection.OriginalDstLbConfig] = Set(),
        [ConfigSection.LbConfig] = Set("client_error_bias", "server_error_bias"),
        [ConfigSection.SlowStart] = Set(),
        [ConfigSection.Host] = Set("tls_disable"),
        [ConfigSection.Admin] = Set(),
    }.ToFrozenDictionary();

    /// <summary>True when <paramref name="key"/> (lower-case) is a MOSN key of <paramref name="section"/> that Mosn.NET ignores.</summary>
    public static bool Contains(ConfigSection section, string key) =>
        BySection.TryGetValue(section, out var keys) && keys.Contains(key);

    private static FrozenSet<string> Set(params string[] keys) => keys.ToFrozenSet(StringComparer.Ordinal);
}
