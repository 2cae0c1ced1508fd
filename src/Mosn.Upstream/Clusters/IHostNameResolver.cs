using System.Net;

namespace Mosn.Upstream.Clusters;

/// <summary>
/// Resolves the host names of <c>STRICT_DNS</c> clusters. The default is the system resolver
/// (<see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>: <c>/etc/hosts</c>, then DNS); tests and
/// embedders may pass their own to <see cref="ClusterManager"/>.
/// </summary>
/// <remarks>Called from a background refresh loop, never on the data path. Must be thread-safe.</remarks>
public interface IHostNameResolver
{
    /// <summary>
    /// The addresses of <paramref name="hostName"/>; an empty array or an exception (<see cref="System.Net.Sockets.SocketException"/>)
    /// when it does not resolve. The refresher keeps the previous addresses of a name that fails to resolve.
    /// </summary>
    Task<IPAddress[]> ResolveAsync(string hostName, CancellationToken cancellationToken);
}
