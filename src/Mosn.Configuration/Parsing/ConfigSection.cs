namespace Mosn.Configuration.Parsing;

/// <summary>The kinds of JSON object in a MOSN configuration, used to look up which keys each one accepts.</summary>
internal enum ConfigSection
{
    /// <summary>The top-level object.</summary>
    Root,

    /// <summary><c>servers[]</c>.</summary>
    Server,

    /// <summary><c>servers[].listeners[]</c>.</summary>
    Listener,

    /// <summary><c>listeners[].filter_chains[]</c>.</summary>
    FilterChain,

    /// <summary>A filter entry (network, stream or listener filter).</summary>
    Filter,

    /// <summary><c>access_logs[]</c>.</summary>
    AccessLog,

    /// <summary><c>servers[].routers[]</c> (and a legacy <c>connection_manager</c> config).</summary>
    Router,

    /// <summary><c>virtual_hosts[]</c>.</summary>
    VirtualHost,

    /// <summary><c>virtual_hosts[].routers[]</c>.</summary>
    Route,

    /// <summary><c>routers[].match</c>.</summary>
    RouteMatch,

    /// <summary><c>routers[].route</c>.</summary>
    RouteAction,

    /// <summary><c>route.retry_policy</c>.</summary>
    RetryPolicy,

    /// <summary><c>weighted_clusters[]</c> and its <c>cluster</c>.</summary>
    WeightedCluster,

    /// <summary><c>route.regex_rewrite</c> and its <c>pattern</c>.</summary>
    RegexRewrite,

    /// <summary><c>direct_response</c>.</summary>
    DirectResponse,

    /// <summary><c>redirect</c>.</summary>
    Redirect,

    /// <summary><c>match.headers[]</c>.</summary>
    HeaderMatcher,

    /// <summary><c>*_headers_to_add[]</c> and its <c>header</c>.</summary>
    HeaderValueOption,

    /// <summary><c>metadata</c> / <c>metadata_match</c>.</summary>
    Metadata,

    /// <summary><c>cluster_manager</c>.</summary>
    ClusterManager,

    /// <summary><c>cluster_manager.clusters[]</c>.</summary>
    Cluster,

    /// <summary><c>circuit_breakers</c> thresholds.</summary>
    CircuitBreakers,

    /// <summary><c>clusters[].health_check</c>.</summary>
    HealthCheck,

    /// <summary><c>health_check.check_config.http_check_config</c>.</summary>
    HttpCheckConfig,

    /// <summary><c>clusters[].outlier_detection</c> (Envoy's keys).</summary>
    OutlierDetection,

    /// <summary><c>clusters[].original_dst_lb_config</c>.</summary>
    OriginalDstLbConfig,

    /// <summary><c>clusters[].lbconfig</c>.</summary>
    LbConfig,

    /// <summary><c>clusters[].slow_start</c>.</summary>
    SlowStart,

    /// <summary><c>clusters[].hosts[]</c>.</summary>
    Host,

    /// <summary><c>admin</c> and its address objects.</summary>
    Admin,
}
