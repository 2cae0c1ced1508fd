using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>A named route table (<c>routers[]</c>).</summary>
public sealed record RouterConfig
{
    /// <summary>Name referenced by the proxy filter (<c>router_config_name</c>).</summary>
    public string RouterConfigName { get; init; } = "";

    /// <summary>Virtual hosts (<c>virtual_hosts</c>).</summary>
    public IReadOnlyList<VirtualHostConfig> VirtualHosts { get; init; } = [];

    /// <summary>Headers added to every request (<c>request_headers_to_add</c>).</summary>
    public IReadOnlyList<HeaderValueOption> RequestHeadersToAdd { get; init; } = [];

    /// <summary>Headers removed from every request (<c>request_headers_to_remove</c>).</summary>
    public IReadOnlyList<string> RequestHeadersToRemove { get; init; } = [];

    /// <summary>Headers added to every response (<c>response_headers_to_add</c>).</summary>
    public IReadOnlyList<HeaderValueOption> ResponseHeadersToAdd { get; init; } = [];

    /// <summary>Headers removed from every response (<c>response_headers_to_remove</c>).</summary>
    public IReadOnlyList<string> ResponseHeadersToRemove { get; init; } = [];

    /// <summary>Where the table is in the config file.</summary>
    public string JsonPath { get; init; } = "";
}
