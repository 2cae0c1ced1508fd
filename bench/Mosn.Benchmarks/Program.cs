using BenchmarkDotNet.Running;
using Mosn.Benchmarks.EndToEnd;

if (args.Length > 0 && args[0] == "alloc")
{
    return await AllocationConsole.RunAsync(args);
}

if (args.Length > 0 && args[0] == "alloctrace")
{
    return await AllocationTraceConsole.RunAsync(args);
}

if (args.Length > 0 && args[0] == "idle")
{
    return await IdleConnectionConsole.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Mosn.Benchmarks.Http1ParseBenchmarks).Assembly).Run(args);
return 0;
