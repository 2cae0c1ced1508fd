using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>One route: a match and exactly one action (route, direct_response or redirect).</summary>
public sealed record RouteConfig
{
    /// <summary>What the route matches (<c>match</c>).</summary>
    public RouteMatchConfig Match { get; init; } = new();

    /// <summary>Forward to a cluster (<c>route</c>).</summary>
    public RouteActionConfig? Route { get; init; }

    /// <summary>Answer directly (<c>direct_response</c>).</summary>
    public DirectResponseConfig? DirectResponse { get; init; }

    /// <summary>Answer with a redirect (<c>redirect</c>).</summary>
    public RedirectConfig? Redirect { get; init; }

    /// <summary>Headers added to requests (<c>request_headers_to_add</c>).</summary>
    public IReadOnlyList<HeaderValueOption> RequestHeadersToAdd { get; init; } = [];

    /// <summary>Headers removed from requests (<c>request_headers_to_remove</c>).</summary>
    public IReadOnlyList<string> RequestHeadersToRemove { get; init; } = [];

    /// <summary>Headers added to responses (<c>response_headers_to_add</c>).</summary>
    public IReadOnlyList<HeaderValueOption> ResponseHeadersToAdd { get; init; } = [];

    /// <summary>Headers removed from responses (<c>response_headers_to_remove</c>).</summary>
    public IReadOnlyList<string> ResponseHeadersToRemove { get; init; } = [];

    /// <summary>Where the route is in the config file.</summary>
    public string JsonPath { get; init; } = "";
}
