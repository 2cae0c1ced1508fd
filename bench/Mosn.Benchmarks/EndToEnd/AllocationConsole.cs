using System.Diagnostics;
using System.Globalization;

namespace Mosn.Benchmarks.EndToEnd;

/// <summary>
/// <c>dotnet run -c Release -- alloc [requests] [--connections N] [--types]</c>: proxies requests over keep-alive
/// connections (one by default; with <c>--connections N</c>, N clients on their own threads at once, each one request
/// at a time) and prints process-wide allocated bytes per request (<c>GC.GetTotalAllocatedBytes(precise: true)</c>
/// deltas, so every thread counts) and requests per second; <c>--types</c> also ranks the allocated types.
/// </summary>
/// <remarks>
/// Concurrency matters: with many connections an event-loop pass writes to many of them before flushing, which is
/// where a buffer pool too small for a pass showed up (with <c>DOTNET_PROCESSOR_COUNT=1</c>, as the pinned benchmark
/// proxy runs: 8 KB per request with 50 connections, under 1 KB with one).
/// </remarks>
public static class AllocationConsole
{
    public static async Task<int> RunAsync(string[] args)
    {
        var requests = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 200_000;
        var types = args.Contains("--types");
        var at = Array.IndexOf(args, "--connections");
        var connections = at > 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var c) && c > 0 ? c : 1;
        requests = Math.Max(connections, requests / connections * connections);
        using var listener = types ? new AllocationTypeListener() : null;
        await using var harness = await ProxyHarness.StartAsync();
        var clients = Enumerable.Range(0, connections).Select(_ => new RawHttpClient(harness.ProxyAddress)).ToArray();

        // Warm-up: reach tier-1 code and steady pool/connection state.
        RunAll(clients, Math.Max(20_000, requests / 5));

        await Task.Delay(500);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var backendBefore = harness.Backend.AllocatedBytes;
        listener?.Start();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var gen0 = GC.CollectionCount(0);
        var clock = Stopwatch.StartNew();
        RunAll(clients, requests);
        clock.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        listener?.Stop();
        var backend = harness.Backend.AllocatedBytes - backendBefore;
        var perRequest = (double)(allocated - backend) / requests;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"requests: {requests}, elapsed: {clock.Elapsed.TotalSeconds:F2} s, {requests / clock.Elapsed.TotalSeconds:F0} req/s ({connections} connection(s), one request at a time on each)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"allocated: {allocated} B total, backend's share {backend} B, gen0 GCs: {GC.CollectionCount(0) - gen0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocated per proxied request: {perRequest:F1} B"));
        if (listener is not null)
        {
            Console.WriteLine("sampled allocations by type (GCAllocationTick, ~100 KB per sample):");
            var ranking = listener.Ranking();
            var sum = ranking.Sum(p => p.Value);
            foreach (var (type, bytes) in ranking.Take(40))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {100.0 * bytes / Math.Max(1, sum),5:F1} %  {(double)bytes / requests,7:F1} B/req  {type}"));
            }
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }

        return 0;
    }

    /// <summary>Sends <paramref name="total"/> requests spread over the clients, each client on its own thread.</summary>
    private static void RunAll(RawHttpClient[] clients, int total)
    {
        if (clients.Length == 1)
        {
            for (var i = 0; i < total; i++)
            {
                Check(clients[0].RoundTrip());
            }

            return;
        }

        var each = total / clients.Length;
        var threads = clients.Select(client => new Thread(() =>
        {
            for (var i = 0; i < each; i++)
            {
                Check(client.RoundTrip());
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }
    }

    private static void Check(int status)
    {
        if (status != 200)
        {
            throw new InvalidOperationException($"unexpected status {status}");
        }
    }
}
