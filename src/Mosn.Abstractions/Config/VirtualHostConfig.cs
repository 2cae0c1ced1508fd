using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>A virtual host: domains and ordered routes.</summary>
public sealed record VirtualHostConfig
{
    /// <summary>Name (<c>name</c>).</summary>
    public string Name { get; init; } = "";

    /// <summary>Domains: exact, "*.suffix", "prefix.*" or "*" (<c>domains</c>).</summary>
    public IReadOnlyList<string> Domains { get; init; } = [];

    /// <summary>Routes in match order (first match wins) (<c>routers</c>).</summary>
    public IReadOnlyList<RouteConfig> Routers { get; init; } = [];

    /// <summary>Headers added to requests (<c>request_headers_to_add</c>).</summary>
    public IReadOnlyList<HeaderValueOption> RequestHeadersToAdd { get; init; } = [];

    /// <summary>Headers removed from requests (<c>request_headers_to_remove</c>).</summary>
    public IReadOnlyList<string> RequestHeadersToRemove { get; init; } = [];

    /// <summary>Headers added to responses (<c>response_headers_to_add</c>).</summary>
    public IReadOnlyList<HeaderValueOption> ResponseHeadersToAdd { get; init; } = [];

    /// <summary>Headers removed from responses (<c>response_headers_to_remove</c>).</summary>
    public IReadOnlyList<string> ResponseHeadersToRemove { get; init; } = [];
}
