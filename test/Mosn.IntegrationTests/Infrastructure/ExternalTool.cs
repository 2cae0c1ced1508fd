using System.Diagnostics;

namespace Mosn.IntegrationTests.Infrastructure;

/// <summary>Runs a command-line tool (curl, h2load) installed from a Debian package and captures its output.</summary>
public static class ExternalTool
{
    /// <summary>The full path of <paramref name="tool"/> on PATH (or /usr/bin, /usr/sbin), or null.</summary>
    public static string? Find(string tool)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/usr/sbin", "/usr/local/bin"]);
        return dirs.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Runs <paramref name="tool"/> with <paramref name="args"/> and returns its exit code and output. Throws when the
    /// tool is not installed (naming <paramref name="aptPackage"/>, the package to install) or runs past
    /// <paramref name="timeout"/> (the process is killed).
    /// </summary>
    public static async Task<ToolResult> RunAsync(string tool, string aptPackage, TimeSpan timeout, params string[] args)
    {
        var binary = Find(tool) ?? throw new InvalidOperationException(
            $"{tool} is not installed: these tests run it against the proxy. Install it with `apt-get install {aptPackage}` (.ci/run does).");
        var psi = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} did not finish within {timeout}: {await stderr}");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}
