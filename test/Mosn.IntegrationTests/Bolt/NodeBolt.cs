using System.Diagnostics;
using System.Text.Json;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Bolt;

/// <summary>
/// Runs the sofa-bolt-node peers of <c>test/interop/bolt</c> (its client and server scripts) with Node.js. Needs
/// <c>node</c> on PATH and <c>npm install --prefix test/interop/bolt</c> done (.ci/run does it).
/// </summary>
public static class NodeBolt
{
    /// <summary>The folder holding package.json and the scripts.</summary>
    public static string Folder { get; } = FindFolder();

    private static string FindFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Mosn.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "test", "interop", "bolt");
    }

    private static string Node()
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "sofa-bolt-node")))
        {
            throw new InvalidOperationException($"sofa-bolt-node is not installed: run `npm install --prefix test/interop/bolt` (.ci/run does).");
        }

        return ExternalTool.Find("node") ?? throw new InvalidOperationException("node is not installed: `apt-get install nodejs` (.ci/run does).");
    }

    /// <summary>Starts the sofa-bolt-node server on a free port; dispose to stop it.</summary>
    public static async Task<BoltNodeServer> StartServerAsync()
    {
        var psi = new ProcessStartInfo(Node()) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Folder };
        psi.ArgumentList.Add("server.js");
        psi.ArgumentList.Add("0");
        var process = Process.Start(psi)!;
        var server = new BoltNodeServer(process);
        await server.Started.WaitAsync(TimeSpan.FromSeconds(30));
        return server;
    }

    /// <summary>
    /// Runs the sofa-bolt-node client against <paramref name="port"/>: <paramref name="requests"/> calls of
    /// <paramref name="service"/>.<paramref name="method"/> and <paramref name="heartbeats"/> heartbeats, all at once on one connection.
    /// </summary>
    public static async Task<ClientReport> RunClientAsync(int port, string service, string method, int requests, int heartbeats)
    {
        _ = Node();
        var result = await ExternalTool.RunAsync("node", "nodejs", TimeSpan.FromSeconds(60), Path.Combine(Folder, "client.js"),
            port.ToString(System.Globalization.CultureInfo.InvariantCulture), service, method,
            requests.ToString(System.Globalization.CultureInfo.InvariantCulture), heartbeats.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonSerializer.Deserialize<ClientReport>(result.Stdout, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidOperationException(result.ToString());
    }

    /// <summary>What the client printed.</summary>
    public sealed record ClientReport(List<CallResult> Results, int HeartbeatAcks, int Unknown);

    /// <summary>One call: the Bolt status read from the response header, the decoded value or error.</summary>
    public sealed record CallResult(long Id, string Arg, int? Status, string? Value, string? Error);
}

/// <summary>A running sofa-bolt-node server process.</summary>
public sealed class BoltNodeServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connections;

    internal BoltNodeServer(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            if (e.Data.StartsWith("LISTENING ", StringComparison.Ordinal))
            {
                Port = int.Parse(e.Data.AsSpan(10), System.Globalization.CultureInfo.InvariantCulture);
                _started.TrySetResult();
            }
            else if (e.Data == "CONNECTION")
            {
                Interlocked.Increment(ref _connections);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    internal Task Started => _started.Task;

    /// <summary>The port it listens on (127.0.0.1).</summary>
    public int Port { get; private set; }

    /// <summary>host:port for a cluster config.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Connections it accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
