using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Mosn.Benchmarks.EndToEnd;

/// <summary>
/// <c>dotnet run -c Release -- alloctrace &lt;pid&gt; [seconds=6] [type]</c>: attaches to a running .NET process (a
/// <c>mosn</c> under load) through its diagnostics port, records the runtime's allocation sampling events
/// (<c>GCAllocationTick</c>, one per ~100 KB allocated) with their stacks for the given seconds, then prints the sampled
/// types and, for the types whose name contains <c>type</c>, the most frequent allocating stacks. The proxy process's own
/// view, where the in-process <c>alloc</c> console only sees one harness.
/// </summary>
/// <remarks>Uses the TraceEvent and diagnostics-client packages that BenchmarkDotNet brings in.</remarks>
public static class AllocationTraceConsole
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[1], out var pid))
        {
            Console.Error.WriteLine("usage: alloctrace <pid> [seconds=6] [type-name-part]");
            return 2;
        }

        var seconds = args.Length > 2 && int.TryParse(args[2], out var s) ? s : 6;
        var filter = args.Length > 3 ? args[3] : null;
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.Jit
            | ClrTraceEventParser.Keywords.Loader | ClrTraceEventParser.Keywords.Stack);
        var providers = new[] { new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, keywords) };
        var file = Path.Combine(Path.GetTempPath(), $"mosn-alloctrace-{pid}.nettrace");
        using (var session = new DiagnosticsClient(pid).StartEventPipeSession(providers, requestRundown: true))
        {
            var copy = Task.Run(async () =>
            {
                await using var output = File.Create(file);
                await session.EventStream.CopyToAsync(output);
            });
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            session.Stop();
            await copy;
        }

        var types = new Dictionary<string, int>();
        var stacks = new Dictionary<string, int>();
        using (var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(file)))
        {
            foreach (var e in log.Events)
            {
                if (e is not GCAllocationTickTraceData tick)
                {
                    continue;
                }

                types[tick.TypeName] = types.GetValueOrDefault(tick.TypeName) + 1;
                if (filter is null || !tick.TypeName.Contains(filter, StringComparison.Ordinal))
                {
                    continue;
                }

                var frames = new List<string>();
                for (var frame = e.CallStack(); frame is not null && frames.Count < 14; frame = frame.Caller)
                {
                    frames.Add(frame.CodeAddress.FullMethodName is { Length: > 0 } method ? method : frame.CodeAddress.ModuleName + "!?");
                }

                var key = string.Join("\n      <- ", frames);
                stacks[key] = stacks.GetValueOrDefault(key) + 1;
            }
        }

        File.Delete(file);
        var total = Math.Max(1, types.Values.Sum());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{total} allocation samples (~100 KB each) in {seconds} s:"));
        foreach (var (type, count) in types.OrderByDescending(p => p.Value).Take(25))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {100.0 * count / total,5:F1} %  {count,6}  {type}"));
        }

        foreach (var (stack, count) in stacks.OrderByDescending(p => p.Value).Take(5))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"--- {count} samples:\n      {stack}"));
        }

        return 0;
    }
}
