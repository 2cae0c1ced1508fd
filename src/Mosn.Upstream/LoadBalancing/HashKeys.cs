using System.Buffers;
using System.Net;
using System.Text;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>
/// Computes the consistent-hashing key of a request (<see cref="ILoadBalancerContext.HashKey"/>) from a route's
/// <c>hash_policy</c>: XXH64 over the UTF-8 bytes of a header or cookie value, or over the bytes of the source IP
/// address. The key is the same in every process (no per-process seed), so every proxy of a fleet sends a given key to
/// the same host. Stateless; thread-safe; allocation-free for values up to 256 bytes (longer ones rent a pooled buffer).
/// </summary>
public static class HashKeys
{
    private const int StackLimit = 256;
    private const string CookieHeader = "cookie";

    /// <summary>
    /// The key of a request: the entries of <paramref name="policies"/> are tried in order and the first that yields a
    /// value wins (a header or cookie that is absent yields none; so does the source IP of a connection that has none,
    /// e.g. a Unix socket). With no entry at all, the source IP is hashed (MOSN's default hash policy). Null when no
    /// entry yields a value: the hashing balancers then pick at random. Cookies are never generated (as in MOSN).
    /// </summary>
    /// <param name="policies">The route's entries (<see cref="Abstractions.Router.IRouteRule.HashPolicy"/>).</param>
    /// <param name="headers">The request headers (the RPC request's header map for Bolt/Dubbo), if any.</param>
    /// <param name="source">The downstream peer's address, if any.</param>
    public static ulong? Compute(IReadOnlyList<HashPolicyConfig> policies, IHeaderMap? headers, EndPoint? source)
    {
        ArgumentNullException.ThrowIfNull(policies);
        if (policies.Count == 0)
        {
            return OfAddress(source);
        }

        for (var i = 0; i < policies.Count; i++)
        {
            var policy = policies[i];
            switch (policy.Type)
            {
                case HashPolicyType.Header:
                    if (headers is not null && headers.TryGet(policy.Name, out var value))
                    {
                        return OfString(value);
                    }

                    break;
                case HashPolicyType.Cookie:
                    if (headers is not null && headers.TryGet(CookieHeader, out var cookies)
                        && TryFindCookie(cookies, policy.Name, out var cookie))
                    {
                        return OfString(cookie);
                    }

                    break;
                case HashPolicyType.SourceIp:
                    if (OfAddress(source) is { } key)
                    {
                        return key;
                    }

                    break;
            }
        }

        return null;
    }

    /// <summary>The key of a text value: XXH64 of its UTF-8 bytes.</summary>
    public static ulong OfString(ReadOnlySpan<char> value)
    {
        if (value.Length <= StackLimit / 3)
        {
            Span<byte> buffer = stackalloc byte[StackLimit];
            var written = Encoding.UTF8.GetBytes(value, buffer);
            return XxHash64.Hash(buffer[..written]);
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
        try
        {
            var written = Encoding.UTF8.GetBytes(value, rented);
            return XxHash64.Hash(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The key of an IP endpoint's address (the port is ignored, so every connection of a client hashes alike; an
    /// IPv4-mapped IPv6 address hashes as the IPv4 address); null for any other endpoint or null.
    /// </summary>
    public static ulong? OfAddress(EndPoint? endPoint)
    {
        if (endPoint is not IPEndPoint { Address: var address })
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return null;
        }

        // An IPv4-mapped IPv6 address (a dual-mode listener) hashes as its IPv4 address, without allocating a mapped copy.
        // Scope ids are not part of the bytes: a link-local address hashes alike on every interface, which is fine here.
        var ip = written == 16 && address.IsIPv4MappedToIPv6 ? bytes[12..16] : bytes[..written];
        return XxHash64.Hash(ip, ip.Length == 4 ? 4UL : 6UL);
    }

    /// <summary>Finds cookie <paramref name="name"/> in a <c>cookie</c> header value ("a=1; b=2").</summary>
    internal static bool TryFindCookie(ReadOnlySpan<char> header, string name, out ReadOnlySpan<char> value)
    {
        while (!header.IsEmpty)
        {
            var end = header.IndexOf(';');
            var pair = (end < 0 ? header : header[..end]).Trim(' ');
            header = end < 0 ? [] : header[(end + 1)..];
            var equals = pair.IndexOf('=');
            if (equals > 0 && pair[..equals].TrimEnd(' ').SequenceEqual(name))
            {
                value = pair[(equals + 1)..].TrimStart(' ');
                return true;
            }
        }

        value = default;
        return false;
    }
}
