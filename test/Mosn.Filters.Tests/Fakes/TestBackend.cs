using System.Net;
using System.Net.Sockets;

namespace Mosn.Filters.Tests.Fakes;

/// <summary>A plain TCP server on loopback (port 0) for the upstream side of tcp_proxy tests.</summary>
public sealed class TestBackend : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public TestBackend() => _listener.Start();

    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Accepts one connection.</summary>
    public Task<Socket> AcceptAsync() => _listener.AcceptSocketAsync();

    /// <summary>Accepts connections forever and echoes every byte until the peer closes.</summary>
    public void StartEcho() => _ = Task.Run(async () =>
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync();
            }
            catch (Exception)
            {
                return; // listener stopped
            }

            _ = EchoAsync(socket);
        }
    });

    /// <summary>
    /// Reserves a loopback port that is bound but not listening, so connects to it are refused, and no other process
    /// (tests run in parallel on this machine) can take the port meanwhile. Dispose to release it.
    /// </summary>
    public static Socket ReserveRefusingPort(out string address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        address = $"127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port}";
        return socket;
    }

    /// <summary>Reads until the peer closes; returns everything read.</summary>
    public static async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        using var all = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            int n;
            try
            {
                n = await socket.ReceiveAsync(buffer);
            }
            catch (SocketException)
            {
                break; // reset counts as closed
            }

            if (n == 0)
            {
                break;
            }

            all.Write(buffer, 0, n);
        }

        return all.ToArray();
    }

    private static async Task EchoAsync(Socket socket)
    {
        using (socket)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    var n = await socket.ReceiveAsync(buffer);
                    if (n == 0)
                    {
                        break;
                    }

                    await socket.SendAsync(buffer.AsMemory(0, n));
                }

                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // the proxy went away: nothing to do
            }
        }
    }

    public void Dispose() => _listener.Stop();
}
