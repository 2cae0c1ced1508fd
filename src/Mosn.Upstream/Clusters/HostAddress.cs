using System.Diagnostics.CodeAnalysis;
using System.Net;
using Mosn.Abstractions.Config;

namespace Mosn.Upstream.Clusters;

/// <summary>
/// Parses a configured host address for a SIMPLE cluster: what <see cref="ConfigAddress.TryParseHostAddress"/> accepts
/// (<c>"ip:port"</c>, <c>"[v6]:port"</c>, <c>"unix:/path"</c>), plus a Unix socket given as an absolute path
/// (<c>"/run/app.sock"</c>) or an abstract name starting with <c>'@'</c>.
/// </summary>
/// <remarks>
/// Host names are not resolved here: a SIMPLE cluster lists IP literals; a STRICT_DNS cluster's names are resolved by
/// <see cref="StrictDnsResolution"/> before its hosts are built. Config time only; never on the data plane.
/// </remarks>
internal static class HostAddress
{
    /// <summary>Parses <paramref name="address"/>; false with a reason when it is not a usable address.</summary>
    public static bool TryParse(string address, [NotNullWhen(true)] out EndPoint? endPoint, [NotNullWhen(false)] out string? error)
    {
        var parsed = address is ['/' or '@', ..]
            ? ConfigAddress.TryParseListenerAddress(address, "unix", out endPoint, out error)
            : ConfigAddress.TryParseHostAddress(address, out endPoint, out error);
        if (!parsed || endPoint is null)
        {
            error = $"'{address}': {error}";
            return false;
        }

        if (endPoint is DnsEndPoint)
        {
            endPoint = null;
            error = $"'{address}' does not start with an IP address (host names are not resolved in a SIMPLE cluster)";
            return false;
        }

        return true;
    }
}
