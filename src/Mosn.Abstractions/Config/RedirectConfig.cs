using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary>Redirect of a route.</summary>
public sealed record RedirectConfig
{
    /// <summary>Status (301 default) (<c>response_code</c>).</summary>
    public int ResponseCode { get; init; } = 301;

    /// <summary>New path (<c>path_redirect</c>).</summary>
    public string? PathRedirect { get; init; }

    /// <summary>New host (<c>host_redirect</c>).</summary>
    public string? HostRedirect { get; init; }

    /// <summary>New scheme (<c>scheme_redirect</c>).</summary>
    public string? SchemeRedirect { get; init; }
}
