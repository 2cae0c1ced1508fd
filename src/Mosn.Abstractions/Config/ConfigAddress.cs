using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Mosn.Abstractions.Config;

/// <summary>
/// Parses the address strings of a MOSN configuration the way MOSN resolves them: listeners use Go's
/// <c>net.ResolveTCPAddr</c> (or <c>ResolveUnixAddr</c> when <c>network</c> is <c>unix</c>), upstream hosts use
/// <c>ResolveTCPAddr</c> and fall back to a Unix socket for <c>"unix:/path"</c>. Thread-safe (stateless); never throws
/// for bad input: failures come back as a message.
/// </summary>
public static class ConfigAddress
{
    /// <summary>The prefix that marks an upstream host address as a Unix domain socket path (<c>unix:/run/app.sock</c>).</summary>
    public const string UnixPrefix = "unix:";

    /// <summary>
    /// Parses a listener <c>address</c>. For <paramref name="network"/> <c>tcp</c>: <c>"ip:port"</c>,
    /// <c>"[ipv6]:port"</c>, <c>":port"</c> (all IPv4 interfaces) or <c>"hostname:port"</c> (a <see cref="DnsEndPoint"/>);
    /// port 0 asks the OS for a free port. For <c>unix</c>: a socket path (a leading <c>unix:</c> is tolerated).
    /// </summary>
    /// <param name="address">The address text.</param>
    /// <param name="network"><c>tcp</c> or <c>unix</c> (case-insensitive).</param>
    /// <param name="endPoint">An <see cref="IPEndPoint"/>, <see cref="DnsEndPoint"/> or <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <param name="error">Why the address is invalid.</param>
    /// <returns>True when the address is valid.</returns>
    public static bool TryParseListenerAddress(
        string? address,
        string network,
        [NotNullWhen(true)] out EndPoint? endPoint,
        [NotNullWhen(false)] out string? error)
    {
        endPoint = null;
        if (string.IsNullOrEmpty(address))
        {
            error = "the address is empty";
            return false;
        }

        if (string.Equals(network, "unix", StringComparison.OrdinalIgnoreCase))
        {
            var path = address.StartsWith(UnixPrefix, StringComparison.Ordinal) ? address[UnixPrefix.Length..] : address;
            return TryCreateUnix(path, out endPoint, out error);
        }

        return TryParseHostPort(address, allowEmptyHost: true, allowPortZero: true, out endPoint, out error);
    }

    /// <summary>
    /// Parses an upstream host <c>address</c>: <c>"ip:port"</c>, <c>"[ipv6]:port"</c>, <c>"hostname:port"</c>
    /// (a <see cref="DnsEndPoint"/>, resolved by the upstream layer) or <c>"unix:/path"</c>. The port must be 1..65535.
    /// </summary>
    /// <param name="address">The address text.</param>
    /// <param name="endPoint">An <see cref="IPEndPoint"/>, <see cref="DnsEndPoint"/> or <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <param name="error">Why the address is invalid.</param>
    /// <returns>True when the address is valid.</returns>
    public static bool TryParseHostAddress(
        string? address,
        [NotNullWhen(true)] out EndPoint? endPoint,
        [NotNullWhen(false)] out string? error)
    {
        endPoint = null;
        if (string.IsNullOrEmpty(address))
        {
            error = "the address is empty";
            return false;
        }

        if (address.StartsWith(UnixPrefix, StringComparison.Ordinal))
        {
            return TryCreateUnix(address[UnixPrefix.Length..], out endPoint, out error);
        }

        return TryParseHostPort(address, allowEmptyHost: false, allowPortZero: false, out endPoint, out error);
    }

    private static bool TryCreateUnix(string path, [NotNullWhen(true)] out EndPoint? endPoint, [NotNullWhen(false)] out string? error)
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
            // The platform rejects the path (too long for sockaddr_un, or an embedded NUL).
            error = $"invalid Unix socket path: {ex.Message}";
            return false;
        }
    }

    private static bool TryParseHostPort(
        string address,
        bool allowEmptyHost,
        bool allowPortZero,
        [NotNullWhen(true)] out EndPoint? endPoint,
        [NotNullWhen(false)] out string? error)
    {
        endPoint = null;
        string host;
        string portText;
        var bracketed = address.StartsWith('[');
        if (bracketed)
        {
            var close = address.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                error = "expected \"[ipv6]:port\"";
                return false;
            }

            host = address[1..close];
            portText = address[(close + 2)..];
        }
        else
        {
            var colon = address.LastIndexOf(':');
            if (colon < 0)
            {
                error = "missing port: expected \"ip:port\"";
                return false;
            }

            host = address[..colon];
            portText = address[(colon + 1)..];
            if (host.Contains(':', StringComparison.Ordinal))
            {
                error = "an IPv6 address must be in brackets: \"[ipv6]:port\"";
                return false;
            }
        }

        if (!TryParsePort(portText, allowPortZero, out var port, out error))
        {
            return false;
        }

        if (bracketed)
        {
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"\"{host}\" is not an IPv6 address";
                return false;
            }

            endPoint = new IPEndPoint(v6, port);
            return true;
        }

        if (host.Length == 0)
        {
            if (!allowEmptyHost)
            {
                error = "missing host: expected \"ip:port\"";
                return false;
            }

            endPoint = new IPEndPoint(IPAddress.Any, port);
            return true;
        }

        if (LooksLikeIPv4(host))
        {
            if (!TryParseIPv4(host, out var v4))
            {
                error = $"\"{host}\" is not a valid IPv4 address";
                return false;
            }

            endPoint = new IPEndPoint(v4, port);
            return true;
        }

        if (Uri.CheckHostName(host) != UriHostNameType.Dns)
        {
            error = $"\"{host}\" is neither an IP address nor a host name";
            return false;
        }

        endPoint = new DnsEndPoint(host, port);
        return true;
    }

    private static bool TryParsePort(string text, bool allowZero, out int port, [NotNullWhen(false)] out string? error)
    {
        port = 0;
        if (text.Length == 0 || text.Length > 5 || !text.All(char.IsAsciiDigit)
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
        {
            error = $"\"{text}\" is not a port number (0..65535)";
            return false;
        }

        if (port == 0 && !allowZero)
        {
            error = "port 0 is not a valid destination port";
            return false;
        }

        error = null;
        return true;
    }

    // Dotted decimal only, as Go's net.ParseIP: IPAddress.TryParse would also take "1" or "0x7f.1".
    private static bool LooksLikeIPv4(string host) => host.All(c => char.IsAsciiDigit(c) || c == '.');

    private static bool TryParseIPv4(string host, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        var parts = host.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var octet) || octet > 255)
            {
                return false;
            }
        }

        return IPAddress.TryParse(host, out address);
    }
}
