using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Network;
using Mosn.Streams;

namespace Mosn.Protocols.Http1.Tests;

/// <summary>The server codec on a real loopback socket, spoken to by real clients (HttpClient, raw TCP).</summary>
public partial class Http1ProtocolTests
{
    [Fact]
    public async Task ServerStreamConnection_HttpClient_GetPostAndChunkedUploadOnOneConnection()
    {
        await using var server = await EchoServer.StartAsync();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1 };
        using var client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };

        var get = await client.GetStringAsync(new Uri("/hello?x=1", UriKind.Relative));
        using var post = await client.PostAsync(new Uri("/post", UriKind.Relative), new StringContent(new string('p', 5000)));
        using var chunkedContent = new StreamContent(new MemoryStream(new byte[70000]));
        using var chunked = await client.PostAsync(new Uri("/chunked", UriKind.Relative), chunkedContent);

        Assert.Equal("GET /hello?x=1 0", get);
        Assert.Equal("POST /post 5000", await post.Content.ReadAsStringAsync());
        Assert.Equal("POST /chunked 70000", await chunked.Content.ReadAsStringAsync());
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task ServerStreamConnection_RawPipelinedRequests_AnsweredInOrder()
    {
        await using var server = await EchoServer.StartAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = tcp.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        var response = await ReadToEndAsync(stream);

        var a = response.IndexOf("GET /a 0", StringComparison.Ordinal);
        var b = response.IndexOf("POST /b 3", StringComparison.Ordinal);
        var c = response.IndexOf("GET /c 0", StringComparison.Ordinal);
        Assert.True(a > 0 && b > a && c > b, response);
    }

    [Fact]
    public async Task ServerStreamConnection_RawSmugglingAttempt_400AndClosed()
    {
        await using var server = await EchoServer.StartAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = tcp.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"));
        var response = await ReadToEndAsync(stream);

        Assert.Equal("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", response);
    }

    private static async Task<string> ReadToEndAsync(NetworkStream stream)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cts.Token);
        return Encoding.Latin1.GetString(buffer.ToArray());
    }

    /// <summary>A listener whose connections run the HTTP/1 server codec and answer "METHOD path body-length".</summary>
    private sealed class EchoServer : IFilterChainFactory, IAsyncDisposable
    {
        private readonly SocketListener _listener;
        private int _accepted;

        private EchoServer()
        {
            _listener = new SocketListener(
                new SocketListenerOptions { Name = "http1-test", EndPoint = new IPEndPoint(IPAddress.Loopback, 0), FilterChain = [this] },
                NullLoggerFactory.Instance);
        }

        public int Port => ((IPEndPoint)_listener.BoundAddress!).Port;

        public int Accepted => Volatile.Read(ref _accepted);

        public static async Task<EchoServer> StartAsync()
        {
            var server = new EchoServer();
            await server._listener.StartAsync(CancellationToken.None);
            return server;
        }

        public void CreateFilterChain(IConnection connection)
        {
            Interlocked.Increment(ref _accepted);
            connection.AddReadFilter(new CodecFilter(connection));
        }

        public ValueTask DisposeAsync() => _listener.DisposeAsync();

        private sealed class CodecFilter(IConnection connection) : IReadFilter, IServerStreamConnectionCallbacks
        {
            private IServerStreamConnection? _codec;

            public void InitializeReadFilterCallbacks(IReadFilterCallbacks callbacks)
            {
            }

            public FilterStatus OnNewConnection()
            {
                _codec = new Http1Protocol().CreateServerStreamConnection(connection, this, ProtocolOptions.Default);
                return FilterStatus.Continue;
            }

            public FilterStatus OnData(ReadBuffer buffer)
            {
                _codec!.Dispatch(buffer);
                return FilterStatus.StopIteration;
            }

            public IStreamReceiver OnNewStream(IStreamSender responseSender) => new Echo(responseSender);
        }

        private sealed class Echo(IStreamSender sender) : IStreamReceiver
        {
            private IHeaderMap? _request;
            private long _length;

            public void OnHeaders(IHeaderMap headers, bool endStream)
            {
                _request = headers;
                if (endStream)
                {
                    Respond();
                }
            }

            public void OnData(in System.Buffers.ReadOnlySequence<byte> data, bool endStream)
            {
                _length += data.Length;
                if (endStream)
                {
                    Respond();
                }
            }

            public void OnTrailers(IHeaderMap trailers) => Respond();

            private void Respond()
            {
                var body = Encoding.ASCII.GetBytes($"{_request!.Get(":method")} {_request.Get(":path")} {_length}");
                sender.SendHeaders(new HeaderMap { { ":status", "200" }, { "content-type", "text/plain" } }, endStream: false);
                sender.SendData(new(body), endStream: true);
            }
        }
    }
}
