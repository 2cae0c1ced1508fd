using System.Diagnostics;
using System.Globalization;

namespace Mosn.Benchmarks.EndToEnd;

/// <summary>
/// <c>dotnet run -c Release -- alloc [requests] [--types]</c>: proxies requests one at a time over one keep-alive
/// connection and prints process-wide allocated bytes per request (<c>GC.GetTotalAllocatedBytes(precise: true)</c>
/// deltas, so every thread counts) and requests per second; <c>--types</c> also ranks the allocated types.
/// </summary>
public static class AllocationConsole
{
    public static async Task<int> RunAsync(string[] args)
    {
        var requests = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 200_000;
        var types = args.Contains("--types");
        using var listener = types ? new AllocationTypeListener() : null;
        await using var harness = await ProxyHarness.StartAsync();
        using var client = new RawHttpClient(harness.ProxyAddress);

        // Warm-up: reach tier-1 code and steady pool/connection state.
        for (var i = 0; i < Math.Max(20_000, requests / 5); i++)
        {
            Check(client.RoundTrip());
        }

        await Task.Delay(500);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var backendBefore = harness.Backend.AllocatedBytes;
        listener?.Start();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var gen0 = GC.CollectionCount(0);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < requests; i++)
        {
            Check(client.RoundTrip());
        }

        clock.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        listener?.Stop();
        var backend = harness.Backend.AllocatedBytes - backendBefore;
        var perRequest = (double)(allocated - backend) / requests;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"requests: {requests}, elapsed: {clock.Elapsed.TotalSeconds:F2} s, {requests / clock.Elapsed.TotalSeconds:F0} req/s (one connection, one request at a time)"));
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

        return 0;
    }

    private static void Check(int status)
    {
        if (status != 200)
        {
            throw new InvalidOperationException($"unexpected status {status}");
        }
    }
}
