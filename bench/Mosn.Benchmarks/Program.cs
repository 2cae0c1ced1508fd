using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Mosn.Benchmarks.Http1ParseBenchmarks).Assembly).Run(args);
