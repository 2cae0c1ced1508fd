using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Router;

namespace Mosn.Filters.Tests.Fakes;

/// <summary>A route to one cluster.</summary>
public sealed class FakeRoute(string cluster) : IRoute, IRouteRule
{
    public IRouteRule? RouteRule => this;

    public DirectResponseRule? DirectResponse => null;

    public IRedirectRule? Redirect => null;

    public string VirtualHostName => "test";

    public TimeSpan? Timeout => null;

    public RetryPolicy? RetryPolicy => null;

    public string? UpstreamProtocol => null;

    public IReadOnlyDictionary<string, string>? MetadataMatch => null;

    public string SelectCluster(IHeaderMap requestHeaders) => cluster;

    public void FinalizeRequestHeaders(IHeaderMap requestHeaders)
    {
    }

    public void FinalizeResponseHeaders(IHeaderMap responseHeaders)
    {
    }
}
