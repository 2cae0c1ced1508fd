using System.Diagnostics;
using System.Text.Json;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Bolt;

/// <summary>
/// Runs the SOFA peers of <c>test/interop/bolt</c> with Node.js: the sofa-bolt-node client and server scripts, and the
/// sofa-rpc-node RPC server and client (<c>rpc.js</c>). Needs <c>node</c> on PATH and
/// <c>npm install --prefix test/interop/bolt</c> done (.ci/run does it).
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

    private static string Node(string package = "sofa-bolt-node")
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", package)))
        {
            throw new InvalidOperationException($"{package} is not installed: run `npm install --prefix test/interop/bolt` (.ci/run does).");
        }

        return ExternalTool.Find("node") ?? throw new InvalidOperationException("node is not installed: `apt-get install nodejs` (.ci/run does).");
    }

    /// <summary>Starts the sofa-bolt-node server on a free port; dispose to stop it.</summary>
    public static Task<BoltNodeServer> StartServerAsync() => StartAsync(Node(), "server.js", "0");

    /// <summary>
    /// Starts a sofa-rpc-node RpcServer named <paramref name="name"/> on a free port (see <c>rpc.js</c> for its services);
    /// dispose to stop it.
    /// </summary>
    public static Task<BoltNodeServer> StartRpcServerAsync(string name) => StartAsync(Node("sofa-rpc-node"), "rpc.js", "server", name);

    /// <summary>
    /// Runs the sofa-rpc-node RpcClient against <paramref name="port"/> with <paramref name="spec"/> (all calls at once
    /// on one connection) and returns what it printed.
    /// </summary>
    public static async Task<RpcReport> RunRpcClientAsync(int port, RpcSpec spec)
    {
        _ = Node("sofa-rpc-node");
        var json = JsonSerializer.Serialize(spec, s_json);
        var result = await ExternalTool.RunAsync("node", "nodejs", TimeSpan.FromSeconds(90), Path.Combine(Folder, "rpc.js"), "client",
            port.ToString(System.Globalization.CultureInfo.InvariantCulture), json);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonSerializer.Deserialize<RpcReport>(result.Stdout, s_json) ?? throw new InvalidOperationException(result.ToString());
    }

    private static readonly JsonSerializerOptions s_json = new() { PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static async Task<BoltNodeServer> StartAsync(string node, params string[] arguments)
    {
        var psi = new ProcessStartInfo(node) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Folder };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

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

    /// <summary>What <c>rpc.js client</c> runs: <see cref="Calls"/> all at once, and <see cref="Heartbeats"/> on the same connection.</summary>
    /// <param name="Protocol"><c>bolt</c> (v1) or <c>bolt2</c> (v2).</param>
    /// <param name="Crc">v2 only: ver1 2 with the CRC32 switch on.</param>
    /// <param name="Heartbeats">Heartbeats to write on the connection while the calls run.</param>
    /// <param name="Calls">The calls.</param>
    /// <param name="Timeout">The client's own response timeout, in milliseconds.</param>
    /// <param name="FrameTimeout">The timeout the request frames state, in milliseconds, or 0 for <paramref name="Timeout"/>.</param>
    public sealed record RpcSpec(string Protocol, bool Crc, int Heartbeats, RpcCall[] Calls, int Timeout = 10_000, int FrameTimeout = 0);

    /// <summary><paramref name="Count"/> calls of <paramref name="Service"/> (interface name; version 1.0) <paramref name="Method"/>.</summary>
    public sealed record RpcCall(string Service, string Method, int Count);

    /// <summary>What <c>rpc.js client</c> printed: one result per call, heartbeat acks, v2 frames with a CRC received.</summary>
    public sealed record RpcReport(List<RpcResult> Results, int HeartbeatAcks, int CrcFrames);

    /// <summary>One RPC call: its index within its entry, packet id, Bolt status from the frame header, value or error.</summary>
    public sealed record RpcResult(string Service, string Method, int Index, long? Id, int? Status, JsonElement Value, string? Error, string? ErrorName);
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
