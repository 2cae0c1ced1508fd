using Mosn.Abstractions.Protocol;
using Mosn.Router.Matching;

namespace Mosn.Router;

/// <summary>A compiled virtual host: its routes in config order. Immutable and thread-safe.</summary>
internal sealed class VirtualHost(string name, Route[] routes)
{
    /// <summary>The virtual host's name.</summary>
    public string Name { get; } = name;

    /// <summary>The routes, in match order.</summary>
    public IReadOnlyList<Route> Routes => routes;

    /// <summary>The first route that accepts the request (first match wins), or null. Does not allocate.</summary>
    public Route? Match(IHeaderMap requestHeaders)
    {
        var path = RequestPath.Of(requestHeaders);
        foreach (var route in routes)
        {
            if (route.Matcher.Matches(path, requestHeaders))
            {
                return route;
            }
        }

        return null;
    }
}
