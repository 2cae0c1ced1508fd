using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Mosn.Benchmarks.EndToEnd;

/// <summary>
/// <c>dotnet run -c Release -- idle [connections]</c>: the live managed memory the proxy keeps per idle keep-alive
/// HTTP/1.1 connection. Opens the connections one at a time, proxies one request on each (so each has parsed a
/// message), leaves them idle and prints the growth of the GC heap after full collections, divided by the count. The
/// clients' own sockets are in the same process: their share is measured against a listener that only accepts, and
/// subtracted.
/// </summary>
public static class IdleConnectionConsole
{
    private static readonly byte[] s_request = "GET /small HTTP/1.1\r\nHost: bench\r\nUser-Agent: idle/1.0\r\nAccept: */*\r\n\r\n"u8.ToArray();

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 1000;
        using var listener = args.Contains("--types") ? new AllocationTypeListener() : null;
        await using var harness = await ProxyHarness.StartAsync();

        // Warm-up: JIT, pools, the upstream connection.
        using (var warm = new RawHttpClient(harness.ProxyAddress))
        {
            for (var i = 0; i < 5_000; i++)
            {
                warm.RoundTrip();
            }
        }

        await Task.Delay(500);
        var clientShare = await ClientSocketsShareAsync(count);
        var before = LiveBytes();
        listener?.Start();
        var clients = new List<Socket>(count);
        var buffer = new byte[4096];
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Connect(harness.ProxyAddress);
            socket.Send(s_request);
            var filled = 0;
            while (buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8) < 0 || !EndsBody(buffer.AsSpan(0, filled)))
            {
                filled += socket.Receive(buffer.AsSpan(filled));
            }

            clients.Add(socket);
        }

        await Task.Delay(1000);
        listener?.Stop();
        var after = LiveBytes();
        var perConnection = (double)(after - before - clientShare) / count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} idle keep-alive connections: live managed heap {before} B -> {after} B; client sockets' share {clientShare} B"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"live managed bytes per idle proxied connection: {perConnection:F0} B"));
        if (listener is not null)
        {
            Console.WriteLine("sampled allocations by type while the connections were opened (GCAllocationTick, ~100 KB per sample; includes the clients' sockets):");
            var ranking = listener.Ranking();
            var sum = ranking.Sum(p => p.Value);
            foreach (var (type, bytes) in ranking.Take(30))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {100.0 * bytes / Math.Max(1, sum),5:F1} %  {(double)bytes / count,7:F0} B/conn  {type}"));
            }
        }

        foreach (var socket in clients)
        {
            socket.Dispose();
        }

        return 0;
    }

    // The backend answers "ok" with Content-Length: 2 (RawHttpBackend); any complete small response will do.
    private static bool EndsBody(ReadOnlySpan<byte> data)
    {
        var head = data.IndexOf("\r\n\r\n"u8);
        return head >= 0 && data.Length > head + 4;
    }

    /// <summary>The live bytes of <paramref name="count"/> connected client sockets alone (the accepting side closed).</summary>
    private static async Task<long> ClientSocketsShareAsync(int count)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(count);
        var before = LiveBytes();
        var clients = new List<Socket>(count);
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Connect(listener.LocalEndPoint!);
            listener.Accept().Dispose();
            clients.Add(socket);
        }

        await Task.Delay(100);
        var after = LiveBytes();
        GC.KeepAlive(clients);
        foreach (var socket in clients)
        {
            socket.Dispose();
        }

        return after - before;
    }

    private static long LiveBytes()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
