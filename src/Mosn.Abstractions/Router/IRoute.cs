namespace Mosn.Abstractions.Router;

/// <summary>A matched route: exactly one of <see cref="RouteRule"/>, <see cref="DirectResponse"/> or <see cref="Redirect"/> is set.</summary>
public interface IRoute
{
    /// <summary>Forward to a cluster.</summary>
    IRouteRule? RouteRule { get; }

    /// <summary>Answer directly.</summary>
    DirectResponseRule? DirectResponse { get; }

    /// <summary>Answer with a redirect.</summary>
    IRedirectRule? Redirect { get; }

    /// <summary>The virtual host the route belongs to.</summary>
    string VirtualHostName { get; }
}
