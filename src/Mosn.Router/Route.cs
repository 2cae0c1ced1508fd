using Mosn.Abstractions.Router;
using Mosn.Router.Matching;

namespace Mosn.Router;

/// <summary>A compiled route: its matcher and its one action. Immutable and thread-safe.</summary>
internal sealed class Route : IRoute
{
    /// <summary>Creates a route; exactly one of the three actions is non-null.</summary>
    public Route(string virtualHostName, RouteMatcher matcher, IRouteRule? routeRule, DirectResponseRule? directResponse, IRedirectRule? redirect)
    {
        VirtualHostName = virtualHostName;
        Matcher = matcher;
        RouteRule = routeRule;
        DirectResponse = directResponse;
        Redirect = redirect;
    }

    /// <summary>What the route accepts.</summary>
    public RouteMatcher Matcher { get; }

    /// <inheritdoc/>
    public IRouteRule? RouteRule { get; }

    /// <inheritdoc/>
    public DirectResponseRule? DirectResponse { get; }

    /// <inheritdoc/>
    public IRedirectRule? Redirect { get; }

    /// <inheritdoc/>
    public string VirtualHostName { get; }
}
