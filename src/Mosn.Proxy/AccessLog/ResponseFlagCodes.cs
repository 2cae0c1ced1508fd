using System.Text;
using Mosn.Abstractions.Streams;

namespace Mosn.Proxy.AccessLog;

/// <summary>
/// Short codes for <see cref="ResponseFlags"/> in access logs, Envoy's where Envoy has one (<c>NR</c>, <c>UH</c>,
/// <c>UF</c>, <c>UT</c>, <c>UC</c>, <c>UO</c>, <c>DC</c>, <c>DI</c>, <c>FI</c>, <c>UPE</c>, <c>NC</c>) and <c>LOCAL</c>
/// for a response the proxy made itself. Several flags are joined with <c>,</c>; none is <c>-</c>.
/// </summary>
internal static class ResponseFlagCodes
{
    private static readonly (ResponseFlags Flag, string Code)[] s_codes =
    [
        (ResponseFlags.NoRouteFound, "NR"),
        (ResponseFlags.NoHealthyUpstream, "UH"),
        (ResponseFlags.UpstreamConnectionFailure, "UF"),
        (ResponseFlags.UpstreamRequestTimeout, "UT"),
        (ResponseFlags.UpstreamConnectionTermination, "UC"),
        (ResponseFlags.UpstreamOverflow, "UO"),
        (ResponseFlags.DownstreamConnectionTermination, "DC"),
        (ResponseFlags.DelayInjected, "DI"),
        (ResponseFlags.FaultInjected, "FI"),
        (ResponseFlags.LocalReply, "LOCAL"),
        (ResponseFlags.UpstreamProtocolError, "UPE"),
        (ResponseFlags.NoClusterFound, "NC"),
    ];

    /// <summary>The flag → code table, in output order.</summary>
    public static IReadOnlyList<(ResponseFlags Flag, string Code)> Codes => s_codes;

    /// <summary>Appends the codes of <paramref name="flags"/>.</summary>
    public static void Append(StringBuilder builder, ResponseFlags flags)
    {
        if (flags == ResponseFlags.None)
        {
            builder.Append('-');
            return;
        }

        var first = true;
        foreach (var (flag, code) in s_codes)
        {
            if ((flags & flag) == 0)
            {
                continue;
            }

            if (!first)
            {
                builder.Append(',');
            }

            builder.Append(code);
            first = false;
        }
    }
}
