using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Mosn.Abstractions.Protocol;
using Mosn.Protocols.Http1.Codec;

namespace Mosn.Benchmarks;

/// <summary>Parsing a typical request head (what a browser or curl sends) and response head (what nginx sends).</summary>
[MemoryDiagnoser]
public class Http1ParseBenchmarks
{
    private static readonly byte[] s_request = Encoding.ASCII.GetBytes(
        "GET /api/v1/items?page=2 HTTP/1.1\r\n" +
        "Host: api.example.com\r\n" +
        "User-Agent: curl/7.88.1\r\n" +
        "Accept: application/json\r\n" +
        "Accept-Encoding: gzip, deflate\r\n" +
        "Connection: keep-alive\r\n" +
        "X-Request-Id: 0b6f3c1e-8e4a-4c3b-9d2f-5a1e7c9b2d4f\r\n\r\n");

    private static readonly byte[] s_response = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\n" +
        "Server: nginx/1.22.1\r\n" +
        "Date: Tue, 24 Nov 2026 20:00:00 GMT\r\n" +
        "Content-Type: application/octet-stream\r\n" +
        "Content-Length: 6\r\n" +
        "Last-Modified: Tue, 24 Nov 2026 19:00:00 GMT\r\n" +
        "Connection: keep-alive\r\n" +
        "ETag: \"6743a5e0-6\"\r\n" +
        "Accept-Ranges: bytes\r\n\r\n");

    private readonly Http1RequestDecoder _decoder = new(ProtocolOptions.Default);
    private readonly Http1ResponseDecoder _responseDecoder = new(ProtocolOptions.Default);

    [Benchmark]
    public int ParseRequestHead()
    {
        _decoder.Reset();
        var input = new ReadOnlySequence<byte>(s_request);
        _decoder.Parse(ref input);
        return _decoder.Headers!.Count;
    }

    [Benchmark]
    public int ParseResponseHead()
    {
        _responseDecoder.Reset();
        var input = new ReadOnlySequence<byte>(s_response);
        _responseDecoder.Parse(ref input);
        return _responseDecoder.Headers!.Count;
    }
}
