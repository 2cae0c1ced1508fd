using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Mosn.IntegrationTests.Http2;

/// <summary>
/// A backend handler that describes the request it received, one "key=value" line each: <c>protocol</c>,
/// <c>method</c>, <c>host</c>, <c>target</c> (path and query), <c>body-length</c> and <c>body-sha256</c> (it reads the
/// whole body), then every header as <c>h:name=value</c> (name lower-cased).
/// </summary>
internal static class InspectHandler
{
    public static async Task HandleAsync(HttpContext ctx)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        long length = 0;
        int n;
        while ((n = await ctx.Request.Body.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, n);
            length += n;
        }

        var lines = new List<string>
        {
            $"protocol={ctx.Request.Protocol}",
            $"method={ctx.Request.Method}",
            $"host={ctx.Request.Host}",
            $"target={ctx.Request.Path}{ctx.Request.QueryString}",
            $"body-length={length.ToString(CultureInfo.InvariantCulture)}",
            $"body-sha256={Convert.ToHexString(hash.GetHashAndReset())}",
        };
        lines.AddRange(ctx.Request.Headers.Select(h => $"h:{h.Key.ToLowerInvariant()}={h.Value}"));
        ctx.Response.ContentType = "text/plain";
        await ctx.Response.WriteAsync(string.Join("\n", lines) + "\n");
    }

    /// <summary>Parses the handler's answer: the key=value lines (headers keyed "h:name").</summary>
    public static Dictionary<string, string> Parse(string body) => body
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => line.Split('=', 2))
        .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : string.Empty, StringComparer.Ordinal);
}
