using System.Net.Sockets;
using System.Text;

namespace Mosn.IntegrationTests.Infrastructure;

/// <summary>Client helpers.</summary>
public static class Clients
{
    /// <summary>An HttpClient that keeps connections alive and never follows redirects.</summary>
    public static HttpClient Create(TimeSpan? timeout = null) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    })
    {
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
    };

    /// <summary>Sends raw bytes on a new TCP connection and reads until the server closes (or the timeout).</summary>
    public static async Task<string> RawAsync(System.Net.IPEndPoint endPoint, string request, TimeSpan? timeout = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(endPoint);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(chunk, cts.Token)) > 0)
            {
                buffer.Write(chunk, 0, n);
            }
        }
        catch (OperationCanceledException)
        {
            // Timeout: return what arrived (the caller asserts on it).
        }
        catch (IOException)
        {
            // Reset by the server: return what arrived.
        }

        return Encoding.Latin1.GetString(buffer.ToArray());
    }
}
