using BenchmarkDotNet.Attributes;
using Mosn.Benchmarks.EndToEnd;

namespace Mosn.Benchmarks;

/// <summary>
/// One proxied HTTP/1.1 request end to end, in process, over loopback sockets: a raw keep-alive client → a
/// <c>MosnServer</c> HTTP/1 listener → one cluster → a raw keep-alive backend. The client and the backend allocate
/// nothing per request, so the allocated column is the proxy's own (BenchmarkDotNet counts every thread's
/// allocations on .NET Core 3.0+). For a quick number without BenchmarkDotNet: <c>dotnet run -c Release -- alloc</c>.
/// </summary>
[MemoryDiagnoser]
public class ProxyEndToEndBenchmarks
{
    private ProxyHarness? _harness;
    private RawHttpClient? _client;

    [GlobalSetup]
    public void Setup()
    {
        _harness = ProxyHarness.StartAsync().GetAwaiter().GetResult();
        _client = new RawHttpClient(_harness.ProxyAddress);
        if (_client.RoundTrip() != 200)
        {
            throw new InvalidOperationException("the proxy did not answer 200");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client?.Dispose();
        _harness?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public int ProxiedRequest() => _client!.RoundTrip();
}
