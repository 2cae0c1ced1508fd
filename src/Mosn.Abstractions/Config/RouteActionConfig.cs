using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>Forwarding action of a route.</summary>
public sealed record RouteActionConfig
{
    /// <summary>Target cluster (<c>cluster_name</c>).</summary>
    public string? ClusterName { get; init; }

    /// <summary>Take the cluster name from this request header (<c>cluster_header</c>).</summary>
    public string? ClusterHeader { get; init; }

    /// <summary>Clusters picked at random in proportion to weight (<c>weighted_clusters</c>).</summary>
    public IReadOnlyList<WeightedClusterConfig> WeightedClusters { get; init; } = [];

    /// <summary>Upstream protocol override (<c>upstream_protocol</c>).</summary>
    public string? UpstreamProtocol { get; init; }

    /// <summary>Subset metadata (filter_metadata / mosn.lb) (<c>metadata_match</c>).</summary>
    public IReadOnlyDictionary<string, string>? MetadataMatch { get; init; }

    /// <summary>
    /// What consistent-hashing balancers hash (<c>hash_policy</c>): entries tried in order, the first that yields a key
    /// wins. Empty: the source IP (MOSN's default).
    /// </summary>
    public IReadOnlyList<HashPolicyConfig> HashPolicy { get; init; } = [];

    /// <summary>Global timeout of the request (<c>timeout</c>).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Retries (<c>retry_policy</c>).</summary>
    public RetryPolicyConfig? RetryPolicy { get; init; }

    /// <summary>Replace the matched prefix with this (<c>prefix_rewrite</c>).</summary>
    public string? PrefixRewrite { get; init; }

    /// <summary>Rewrite the path by a regular expression (<c>regex_rewrite</c>).</summary>
    public RegexRewriteConfig? RegexRewrite { get; init; }

    /// <summary>Replace the Host header (<c>host_rewrite</c>).</summary>
    public string? HostRewrite { get; init; }

    /// <summary>Set the Host header to the chosen upstream host name (<c>auto_host_rewrite</c>).</summary>
    public bool AutoHostRewrite { get; init; } = false;

    /// <summary>Headers added to requests (<c>request_headers_to_add</c>).</summary>
    public IReadOnlyList<HeaderValueOption> RequestHeadersToAdd { get; init; } = [];

    /// <summary>Headers removed from requests (<c>request_headers_to_remove</c>).</summary>
    public IReadOnlyList<string> RequestHeadersToRemove { get; init; } = [];

    /// <summary>Headers added to responses (<c>response_headers_to_add</c>).</summary>
    public IReadOnlyList<HeaderValueOption> ResponseHeadersToAdd { get; init; } = [];

    /// <summary>Headers removed from responses (<c>response_headers_to_remove</c>).</summary>
    public IReadOnlyList<string> ResponseHeadersToRemove { get; init; } = [];
}
