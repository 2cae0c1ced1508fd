using System.Collections.Frozen;

namespace Mosn.Admin;

/// <summary>
/// The feature list of <c>/api/v1/features</c> (MOSN's feature gates): what this build does (<c>true</c>) and what a
/// MOSN user may look for that it does not do yet (<c>false</c>). Immutable.
/// </summary>
internal static class KnownFeatures
{
    /// <summary>Feature name → enabled.</summary>
    public static FrozenDictionary<string, bool> All { get; } = new Dictionary<string, bool>(StringComparer.Ordinal)
    {
        ["http1"] = true,
        ["http2"] = true,
        ["grpc"] = true,
        ["bolt"] = true,
        ["dubbo"] = true,
        ["auto_protocol_detection"] = true,
        ["tcp_proxy"] = true,
        ["fault_inject"] = true,
        ["retry"] = true,
        ["circuit_breakers"] = true,
        ["access_log"] = true,
        ["health_check"] = true,
        ["outlier_detection"] = true,
        ["admin_api"] = true,
        ["prometheus_metrics"] = true,
        ["runtime_log_level"] = true,
        ["tls"] = false,
        ["xds"] = false,
        ["live_reload"] = false,
        ["hot_upgrade"] = false,
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
