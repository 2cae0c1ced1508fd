using System.Globalization;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Dubbo;

/// <summary>
/// Builds Dubbo frames with hessian.js through <c>test/interop/dubbo/frames.js</c> (an encoder independent of ours). Needs
/// <c>node</c> on PATH and <c>npm install --prefix test/interop/dubbo</c> done (.ci/run does it).
/// </summary>
public static class NodeDubbo
{
    private static readonly string s_folder = FindFolder();

    private static string FindFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Mosn.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "test", "interop", "dubbo");
    }

    /// <summary>A two-way Hessian2 request for <paramref name="service"/>.<paramref name="method"/> with a <c>timeout</c> attachment.</summary>
    public static async Task<byte[]> RequestAsync(ulong id, string service, string method, string version = "1.0.0", int timeoutMs = 10_000)
    {
        if (!Directory.Exists(Path.Combine(s_folder, "node_modules", "hessian.js")))
        {
            throw new InvalidOperationException("hessian.js is not installed: run `npm install --prefix test/interop/dubbo` (.ci/run does).");
        }

        var result = await ExternalTool.RunAsync("node", "nodejs", TimeSpan.FromSeconds(60), Path.Combine(s_folder, "frames.js"), "request",
            id.ToString(CultureInfo.InvariantCulture), service, method, version, timeoutMs.ToString(CultureInfo.InvariantCulture));
        Assert.True(result.ExitCode == 0, result.ToString());
        return Convert.FromHexString(result.Stdout.Trim());
    }
}
