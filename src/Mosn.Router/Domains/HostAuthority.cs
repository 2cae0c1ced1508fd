namespace Mosn.Router.Domains;

/// <summary>Splits an HTTP authority (<c>host[:port]</c>, RFC 3986 §3.2.2) without allocating.</summary>
internal static class HostAuthority
{
    /// <summary>
    /// The host part of <paramref name="authority"/>: everything before the port separator. An IPv6 literal keeps its
    /// brackets (<c>"[::1]:80"</c> gives <c>"[::1]"</c>); a bare IPv6 address without brackets has no port.
    /// </summary>
    /// <param name="authority">The <c>:authority</c> value.</param>
    /// <param name="port">The port text after the colon (may be empty); empty when there is no port.</param>
    /// <returns>The host slice of <paramref name="authority"/>.</returns>
    public static ReadOnlySpan<char> SplitPort(ReadOnlySpan<char> authority, out ReadOnlySpan<char> port)
    {
        port = default;
        if (authority.Length > 0 && authority[0] == '[')
        {
            var close = authority.IndexOf(']');
            if (close < 0)
            {
                // Malformed literal: treat the whole value as the host so that only an exact domain can match it.
                return authority;
            }

            if (close + 1 < authority.Length && authority[close + 1] == ':')
            {
                port = authority[(close + 2)..];
            }

            return authority[..(close + 1)];
        }

        var colon = authority.LastIndexOf(':');
        if (colon < 0 || authority[..colon].Contains(':'))
        {
            // No colon, or an unbracketed IPv6 address: there is no port to strip.
            return authority;
        }

        port = authority[(colon + 1)..];
        return authority[..colon];
    }

    /// <summary>True when <paramref name="authority"/> carries a port separator.</summary>
    public static bool HasPort(ReadOnlySpan<char> authority)
    {
        var host = SplitPort(authority, out _);
        return host.Length < authority.Length;
    }
}
