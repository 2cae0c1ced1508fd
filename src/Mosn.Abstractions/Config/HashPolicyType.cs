namespace Mosn.Abstractions.Config;

/// <summary>What a route's <c>hash_policy</c> entry hashes.</summary>
public enum HashPolicyType
{
    /// <summary>A request header's value (<c>header {key}</c>); for RPC protocols any request header, e.g. <c>service</c>.</summary>
    Header,

    /// <summary>A cookie's value (<c>cookie {name, path, ttl}</c>).</summary>
    Cookie,

    /// <summary>The downstream connection's source IP address (<c>source_ip {}</c>).</summary>
    SourceIp,
}
