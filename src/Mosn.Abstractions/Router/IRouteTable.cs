using Mosn.Abstractions.Protocol;

namespace Mosn.Abstractions.Router;

/// <summary>
/// One named router configuration (<c>router_config_name</c>) compiled into an immutable snapshot: virtual hosts by
/// domain, each with ordered routes. Thread-safe.
/// </summary>
public interface IRouteTable
{
    /// <summary>The router config name.</summary>
    string Name { get; }

    /// <summary>
    /// Finds the route for a request: the virtual host by <c>:authority</c> (exact, then the longest <c>*.suffix</c>,
    /// then the longest <c>prefix.*</c>, then <c>*</c>), then its first route whose match accepts the request.
    /// Null when nothing matches.
    /// </summary>
    IRoute? Match(IHeaderMap requestHeaders);
}
