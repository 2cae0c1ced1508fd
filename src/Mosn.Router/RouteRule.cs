using Mosn.Abstractions.Config;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Router;
using Mosn.Router.Clusters;
using Mosn.Router.Headers;
using Mosn.Router.Rewrite;

namespace Mosn.Router;

/// <summary>
/// The forwarding action of a compiled route (MOSN's <c>route</c> block). Built once per table; immutable and
/// thread-safe. <see cref="SelectCluster"/> does not allocate; the <c>Finalize*</c> methods mutate only the map they
/// are given.
/// </summary>
/// <remarks>
/// Header edits run from the least to the most specific level: router table, then virtual host, then route (the
/// route entry's lists, then its <c>route</c> action's lists). So when two levels set the same header with
/// <c>append: false</c>, the route's value wins, as with Envoy's <c>most_specific_header_mutations_wins: true</c>.
/// (MOSN and Envoy's default apply the route first, so there the table level wins.) Within a level, removals run
/// before additions. Path and host rewrites run after all header edits.
/// </remarks>
public sealed class RouteRule : IRouteRule
{
    private readonly string? _clusterName;
    private readonly string? _clusterHeader;
    private readonly WeightedClusterSet? _weighted;
    private readonly HeaderMutation[] _requestMutations;
    private readonly HeaderMutation[] _responseMutations;
    private readonly PathRewriter? _pathRewriter;

    internal RouteRule(
        string? clusterName,
        string? clusterHeader,
        WeightedClusterSet? weighted,
        HeaderMutation[] requestMutations,
        HeaderMutation[] responseMutations,
        PathRewriter? pathRewriter,
        string? hostRewrite,
        bool autoHostRewrite)
    {
        _clusterName = string.IsNullOrEmpty(clusterName) ? null : clusterName;
        _clusterHeader = string.IsNullOrEmpty(clusterHeader) ? null : clusterHeader;
        _weighted = weighted;
        _requestMutations = requestMutations;
        _responseMutations = responseMutations;
        _pathRewriter = pathRewriter;
        HostRewrite = string.IsNullOrEmpty(hostRewrite) ? null : hostRewrite;
        AutoHostRewrite = autoHostRewrite;
    }

    /// <inheritdoc/>
    public TimeSpan? Timeout { get; init; }

    /// <inheritdoc/>
    public RetryPolicy? RetryPolicy { get; init; }

    /// <inheritdoc/>
    public string? UpstreamProtocol { get; init; }

    /// <inheritdoc/>
    /// <remarks>The route-level criteria. With weighted clusters, use <see cref="GetMetadataMatch"/> with the picked cluster.</remarks>
    public IReadOnlyDictionary<string, string>? MetadataMatch { get; init; }

    /// <inheritdoc/>
    /// <remarks>Validated and copied when the route table is compiled.</remarks>
    public IReadOnlyList<HashPolicyConfig> HashPolicy { get; init; } = [];

    /// <summary>
    /// The <c>host_rewrite</c> value that <see cref="FinalizeRequestHeaders"/> writes into <c>:authority</c>, or null.
    /// </summary>
    public string? HostRewrite { get; }

    /// <summary>
    /// MOSN's <c>auto_host_rewrite</c>: the proxy must set <c>:authority</c> to the chosen upstream host's name once it
    /// has picked the host. The router cannot do it (it runs before load balancing); <see cref="HostRewrite"/>, when
    /// set, takes precedence, as in MOSN.
    /// </summary>
    public bool AutoHostRewrite { get; }

    /// <summary>
    /// The cluster for this request. Precedence: <c>weighted_clusters</c> (a random pick in proportion to weight),
    /// then <c>cluster_name</c>, then the value of the <c>cluster_header</c> request header. Returns "" when the
    /// header is missing or empty: the proxy answers that as "no cluster" (404). Never null; thread-safe; does not
    /// allocate.
    /// </summary>
    public string SelectCluster(IHeaderMap requestHeaders)
    {
        if (_weighted is not null)
        {
            return _weighted.Pick();
        }

        if (_clusterName is not null)
        {
            return _clusterName;
        }

        return _clusterHeader is not null && requestHeaders.TryGet(_clusterHeader, out var value) ? value : "";
    }

    /// <inheritdoc/>
    /// <remarks>
    /// For a weighted cluster, the route's <c>metadata_match</c> overlaid with that cluster's own (precomputed);
    /// otherwise <see cref="MetadataMatch"/>.
    /// </remarks>
    public IReadOnlyDictionary<string, string>? GetMetadataMatch(string clusterName)
    {
        if (_weighted is not null && _weighted.Contains(clusterName))
        {
            return _weighted.MetadataFor(clusterName);
        }

        return MetadataMatch;
    }

    /// <summary>
    /// Applies the header edits (router table, then virtual host, then route), then <c>prefix_rewrite</c> or
    /// <c>regex_rewrite</c> on the path part of <c>:path</c> (the query is kept), then <c>host_rewrite</c> on
    /// <c>:authority</c>. Call once per upstream request, on the thread that owns <paramref name="requestHeaders"/>.
    /// </summary>
    public void FinalizeRequestHeaders(IHeaderMap requestHeaders)
    {
        foreach (var mutation in _requestMutations)
        {
            mutation.Apply(requestHeaders);
        }

        _pathRewriter?.Apply(requestHeaders);
        if (HostRewrite is not null)
        {
            requestHeaders.Set(PseudoHeaders.Authority, HostRewrite);
        }
    }

    /// <summary>Applies the response header edits (router table, then virtual host, then route).</summary>
    public void FinalizeResponseHeaders(IHeaderMap responseHeaders)
    {
        foreach (var mutation in _responseMutations)
        {
            mutation.Apply(responseHeaders);
        }
    }
}
