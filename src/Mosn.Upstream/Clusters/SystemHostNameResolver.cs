using System.Net;

namespace Mosn.Upstream.Clusters;

/// <summary>The system resolver (<c>getaddrinfo</c>: <c>/etc/hosts</c>, then DNS).</summary>
public sealed class SystemHostNameResolver : IHostNameResolver
{
    /// <summary>The one instance.</summary>
    public static SystemHostNameResolver Instance { get; } = new();

    /// <inheritdoc />
    public Task<IPAddress[]> ResolveAsync(string hostName, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(hostName, cancellationToken);
}
