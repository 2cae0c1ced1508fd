using Mosn.Abstractions.Protocol;

namespace Mosn.Abstractions.Router;

/// <summary>A route that answers with a redirect.</summary>
public interface IRedirectRule
{
    /// <summary>Status (301 by default; 302, 303, 307, 308 allowed).</summary>
    int ResponseCode { get; }

    /// <summary>Builds the <c>Location</c> value from the request, replacing only the configured parts (scheme, host, path).</summary>
    string BuildLocation(IHeaderMap requestHeaders);
}
