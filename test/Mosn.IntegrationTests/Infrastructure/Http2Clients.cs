using System.Net;
using System.Net.Sockets;

namespace Mosn.IntegrationTests.Infrastructure;

/// <summary>HttpClients that speak h2c with prior knowledge (HTTP/2 over plain TCP, no upgrade).</summary>
public static class Http2Clients
{
    /// <summary>
    /// An HttpClient whose requests default to HTTP/2 exactly (no fallback to HTTP/1.1), which on an http:// URL means
    /// h2c with prior knowledge. It keeps one connection per endpoint and multiplexes every request on it. When
    /// <paramref name="connections"/> is given, every TCP connection the client opens increments it.
    /// </summary>
    public static HttpClient Create(TimeSpan? timeout = null, ConnectionCounter? connections = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.None,
            EnableMultipleHttp2Connections = false,
        };
        if (connections is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                connections.Increment();
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return new HttpClient(handler)
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>
    /// A request for HTTP/2 exactly. Requests built by hand do not take the client's default version, so tests that
    /// call SendAsync build them here.
    /// </summary>
    public static HttpRequestMessage Request(HttpMethod method, Uri uri) => new(method, uri)
    {
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };
}
