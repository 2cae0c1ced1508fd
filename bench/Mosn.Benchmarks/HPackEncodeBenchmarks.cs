using System.Buffers;
using BenchmarkDotNet.Attributes;
using Mosn.Protocols.Http2.HPack;

namespace Mosn.Benchmarks;

/// <summary>
/// HPACK-encoding the response header block a proxy sends on every h2 stream (the steady state of a connection: the
/// repeated fields are already in the dynamic table).
/// </summary>
[MemoryDiagnoser]
public class HPackEncodeBenchmarks
{
    private static readonly (string Name, string Value)[] s_response =
    [
        (":status", "200"),
        ("content-type", "text/plain"),
        ("content-length", "5"),
        ("date", "Tue, 24 Nov 2026 05:00:00 GMT"),
        ("server", "nginx/1.22.1"),
        ("etag", "\"6745c3a1-5\""),
        ("accept-ranges", "bytes"),
    ];

    private readonly ArrayBufferWriter<byte> _writer = new(4096);
    private readonly HPackEncoder _encoder = new();

    [GlobalSetup]
    public void Setup() => EncodeResponseBlock();

    [Benchmark]
    public int EncodeResponseBlock()
    {
        _writer.ResetWrittenCount();
        _encoder.BeginHeaderBlock(_writer);
        foreach (var (name, value) in s_response)
        {
            _encoder.EncodeHeader(name, value, HPackIndexing.Auto, _writer);
        }

        return _writer.WrittenCount;
    }
}
