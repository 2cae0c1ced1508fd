using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Router;
using Mosn.Router.Domains;

namespace Mosn.Router;

/// <summary>
/// One compiled <c>routers[]</c> entry: virtual hosts indexed by domain, each with ordered routes. Immutable and
/// thread-safe; <see cref="Match"/> does not allocate for prefix, path and exact-header routes.
/// </summary>
internal sealed class RouteTable(string name, VirtualHostSelector selector, IReadOnlyList<VirtualHost> virtualHosts) : IRouteTable
{
    /// <inheritdoc/>
    public string Name { get; } = name;

    /// <summary>The virtual hosts in config order.</summary>
    public IReadOnlyList<VirtualHost> VirtualHosts { get; } = virtualHosts;

    /// <inheritdoc/>
    public IRoute? Match(IHeaderMap requestHeaders) => selector.Select(requestHeaders)?.Match(requestHeaders);
}
