using System.Net;
using System.Net.Sockets;

namespace Mosn.IntegrationTests.Infrastructure;

/// <summary>A TCP echo server on 127.0.0.1:0: every byte received is written back. Stop it by stopping the listener.</summary>
public static class EchoServer
{
    public static async Task<(TcpListener Echo, Task Loop)> StartAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var loop = Task.Run(async () =>
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync();
                }
                catch (Exception)
                {
                    return;
                }

                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        var stream = client.GetStream();
                        var buffer = new byte[64 * 1024];
                        int n;
                        try
                        {
                            while ((n = await stream.ReadAsync(buffer)) > 0)
                            {
                                await stream.WriteAsync(buffer.AsMemory(0, n));
                            }
                        }
                        catch (IOException)
                        {
                        }
                    }
                });
            }
        });
        return (listener, loop);
    }
}
