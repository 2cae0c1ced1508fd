using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Mosn.Upstream.Clusters;

/// <summary>
/// Parses a configured host address: <c>"ip:port"</c>, <c>"[v6]:port"</c>, or a Unix domain socket given as an absolute
/// path (<c>"/run/app.sock"</c>), a <c>"unix:"</c>-prefixed path, or an abstract name starting with <c>'@'</c>.
/// </summary>
/// <remarks>
/// Host names are not resolved: a SIMPLE cluster lists IP literals (MOSN's STRICT_DNS cluster type, which resolves
/// names periodically, is not implemented). Config time only; never on the data plane.
/// </remarks>
internal static class HostAddress
{
    private const string UnixPrefix = "unix:";

    /// <summary>Parses <paramref name="address"/>; false with a reason when it is not a usable address.</summary>
    public static bool TryParse(string address, [NotNullWhen(true)] out EndPoint? endPoint, [NotNullWhen(false)] out string? error)
    {
        endPoint = null;
        if (string.IsNullOrWhiteSpace(address))
        {
            error = "the address is empty";
            return false;
        }

        if (address.StartsWith(UnixPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return TryUnix(address[UnixPrefix.Length..], out endPoint, out error);
        }

        if (address[0] is '/' or '@')
        {
            return TryUnix(address, out endPoint, out error);
        }

        var colon = address.LastIndexOf(':');
        if (colon <= 0 || colon == address.Length - 1)
        {
            error = $"'{address}' is not \"ip:port\", \"[ipv6]:port\" or a Unix socket path";
            return false;
        }

        var hostPart = address.AsSpan(0, colon);
        var portPart = address.AsSpan(colon + 1);
        var bracketed = hostPart.Length >= 2 && hostPart[0] == '[' && hostPart[^1] == ']';
        if (bracketed)
        {
            hostPart = hostPart[1..^1];
        }
        else if (hostPart.Contains(':'))
        {
            error = $"'{address}': an IPv6 address must be written in brackets, as \"[ipv6]:port\"";
            return false;
        }

        if (!IPAddress.TryParse(hostPart, out var ip) || (bracketed && ip.AddressFamily != AddressFamily.InterNetworkV6))
        {
            error = $"'{address}' does not start with an IP address (host names are not resolved in a SIMPLE cluster)";
            return false;
        }

        if (!int.TryParse(portPart, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > IPEndPoint.MaxPort)
        {
            error = $"'{address}' has no valid port (1 to 65535)";
            return false;
        }

        endPoint = new IPEndPoint(ip, port);
        error = null;
        return true;
    }

    private static bool TryUnix(string path, [NotNullWhen(true)] out EndPoint? endPoint, [NotNullWhen(false)] out string? error)
    {
        endPoint = null;
        if (path.Length == 0)
        {
            error = "the Unix socket path is empty";
            return false;
        }

        try
        {
            endPoint = new UnixDomainSocketEndPoint(path);
            error = null;
            return true;
        }
        catch (ArgumentException ex)
        {
            // The platform rejects the path (too long for sun_path): a configuration error, reported as such.
            error = $"'{path}' is not a usable Unix socket path: {ex.Message}";
            return false;
        }
    }
}
