namespace Mosn.Abstractions.Config;

/// <summary>
/// One entry of a route's <c>hash_policy</c> list: what the consistent-hashing balancers (<c>LB_MAGLEV</c>,
/// <c>LB_RING_HASH</c>) hash to pick a host. Immutable.
/// </summary>
public sealed record HashPolicyConfig
{
    /// <summary>Which part of the request is hashed.</summary>
    public HashPolicyType Type { get; init; }

    /// <summary>The header name for <see cref="HashPolicyType.Header"/> (<c>header.key</c>); the cookie name for
    /// <see cref="HashPolicyType.Cookie"/> (<c>cookie.name</c>); empty for <see cref="HashPolicyType.SourceIp"/>.</summary>
    public string Name { get; init; } = "";

    /// <summary>The cookie's path (<c>cookie.path</c>). Kept for compatibility; Mosn.NET does not generate cookies.</summary>
    public string? CookiePath { get; init; }

    /// <summary>The cookie's lifetime (<c>cookie.ttl</c>). Kept for compatibility; Mosn.NET does not generate cookies
    /// (as MOSN): a request without the cookie gets no key from this entry.</summary>
    public TimeSpan? CookieTtl { get; init; }
}
