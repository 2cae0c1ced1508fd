using System.Buffers;
using BenchmarkDotNet.Attributes;
using Mosn.Protocols.Http1.Codec;
using Mosn.Streams;

namespace Mosn.Benchmarks;

/// <summary>Encoding a typical response head.</summary>
[MemoryDiagnoser]
public class Http1EncodeBenchmarks
{
    private readonly ArrayBufferWriter<byte> _writer = new(4096);
    private readonly HeaderMap _headers = new()
    {
        { "content-type", "application/json" },
        { "content-length", "1234" },
        { "date", "Tue, 24 Nov 2026 05:00:00 GMT" },
        { "server", "backend" },
        { "cache-control", "no-cache" },
    };

    [Benchmark]
    public int EncodeResponseHead()
    {
        _writer.ResetWrittenCount();
        Http1Encoder.WriteStatusLine(_writer, 200);
        Http1Encoder.WriteFields(_writer, _headers, skipHost: false);
        Http1Encoder.WriteAscii(_writer, "\r\n"u8);
        return _writer.WrittenCount;
    }
}
