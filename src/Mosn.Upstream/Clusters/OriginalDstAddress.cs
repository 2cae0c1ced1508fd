using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Mosn.Upstream.Clusters;

/// <summary>
/// The upstream address of an <c>ORIGINAL_DST</c> cluster's request: parsed from a header value, or taken from the
/// downstream connection's original destination, then normalised (IPv4-mapped IPv6 to IPv4; <c>replace_local</c>).
/// </summary>
/// <remarks>
/// Only IP literals are accepted: a header never causes a DNS lookup (a client could otherwise make the proxy resolve
/// and connect to any name). Stateless and thread-safe; each successful parse allocates the endpoint.
/// </remarks>
internal static class OriginalDstAddress
{
    /// <summary>The port of a header value without one (MOSN's default).</summary>
    public const int DefaultPort = 80;

    /// <summary>
    /// Parses <c>ip</c>, <c>ip:port</c>, <c>[v6]</c>, <c>[v6]:port</c> or a bare IPv6 literal (surrounding blanks
    /// allowed). IPv4 must be dotted-quad decimal (no <c>"1"</c> or <c>"0x7f.1"</c> shorthand); the port 1 to 65535;
    /// anything else, host names included, is rejected.
    /// </summary>
    public static bool TryParseHeader(ReadOnlySpan<char> value, [NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        endPoint = null;
        value = value.Trim();
        if (value.IsEmpty)
        {
            return false;
        }

        ReadOnlySpan<char> ip;
        ReadOnlySpan<char> port = default;
        var bracketed = value[0] == '[';
        if (bracketed)
        {
            var close = value.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            ip = value[1..close];
            var rest = value[(close + 1)..];
            if (!rest.IsEmpty)
            {
                if (rest[0] != ':')
                {
                    return false;
                }

                port = rest[1..];
                if (port.IsEmpty)
                {
                    return false;
                }
            }
        }
        else
        {
            var colon = value.IndexOf(':');
            if (colon >= 0 && value[(colon + 1)..].IndexOf(':') < 0)
            {
                // One colon: an IPv4 literal (or a host name, rejected below) and a port.
                ip = value[..colon];
                port = value[(colon + 1)..];
                if (port.IsEmpty)
                {
                    return false;
                }
            }
            else
            {
                ip = value; // no colon: IPv4; two or more: a bare IPv6 literal
            }
        }

        var v6 = ip.IndexOf(':') >= 0;
        if ((bracketed && !v6) || (!v6 && !IsDottedQuad(ip)) || !IPAddress.TryParse(ip, out var address))
        {
            return false;
        }

        var portNumber = DefaultPort;
        if (!port.IsEmpty && (!IsDigits(port) || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out portNumber) || portNumber is < 1 or > 65535))
        {
            return false;
        }

        endPoint = new IPEndPoint(address, portNumber);
        return true;
    }

    /// <summary>
    /// The address to connect to for <paramref name="destination"/>: null unless it is an IP endpoint with a port;
    /// an IPv4-mapped IPv6 address becomes IPv4; with <paramref name="replaceLocal"/> the IP becomes the loopback of its
    /// family (127.0.0.1 or ::1) and the port stays. Returns <paramref name="destination"/> itself when nothing changes.
    /// </summary>
    public static IPEndPoint? Normalize(EndPoint? destination, bool replaceLocal)
    {
        if (destination is not IPEndPoint { Port: > 0 } ip)
        {
            return null;
        }

        if (ip.Address.IsIPv4MappedToIPv6)
        {
            ip = new IPEndPoint(ip.Address.MapToIPv4(), ip.Port);
        }

        if (replaceLocal)
        {
            var loopback = ip.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
            if (!ip.Address.Equals(loopback))
            {
                ip = new IPEndPoint(loopback, ip.Port);
            }
        }

        return ip;
    }

    /// <summary>The address string of a dynamic host: <c>ip:port</c>, <c>[v6]:port</c> (the pool key).</summary>
    public static string Format(IPEndPoint endPoint) => endPoint.ToString();

    private static bool IsDottedQuad(ReadOnlySpan<char> text)
    {
        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (part.Length is 0 or > 3 || !IsDigits(part) || int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }

            parts++;
        }

        return parts == 4;
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
