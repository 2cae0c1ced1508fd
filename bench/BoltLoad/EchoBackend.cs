using System.Net;
using System.Net.Sockets;

namespace BoltLoad;

/// <summary>A minimal Bolt v1 server: answers every request at once with status Success and its content echoed, pipelined.</summary>
internal static class EchoBackend
{
    public static async Task RunAsync(int port, CancellationToken cancel)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(1024);
        Console.WriteLine($"LISTENING {((IPEndPoint)listener.LocalEndPoint!).Port}");
        while (!cancel.IsCancellationRequested)
        {
            var socket = await listener.AcceptAsync(cancel);
            socket.NoDelay = true;
            _ = Task.Run(() => ServeAsync(socket, cancel), cancel);
        }
    }

    private static async Task ServeAsync(Socket socket, CancellationToken cancel)
    {
        var input = new byte[256 * 1024];
        var output = new byte[512 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(input.AsMemory(filled), SocketFlags.None, cancel);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                var offset = 0;
                var written = 0;
                while (true)
                {
                    var length = BoltWire.FrameLength(input.AsSpan(offset, filled - offset));
                    if (length < 0)
                    {
                        return; // not Bolt v1: drop the connection
                    }

                    if (length == 0 || filled - offset < length || output.Length - written < length + BoltWire.ResponseHeaderLength)
                    {
                        break;
                    }

                    written += BoltWire.WriteEcho(input.AsSpan(offset, length), output.AsSpan(written));
                    offset += length;
                }

                if (written > 0)
                {
                    await socket.SendAsync(output.AsMemory(0, written), SocketFlags.None, cancel);
                }

                input.AsSpan(offset, filled - offset).CopyTo(input);
                filled -= offset;
                if (filled == input.Length)
                {
                    return; // one frame larger than the buffer: not what this benchmark sends
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer went away or we are stopping: nothing to report.
        }
        finally
        {
            socket.Dispose();
        }
    }
}
